export * from "./core/index";
