import type { Config } from "@react-router/dev/config";

// Framework mode with server rendering on (the default a new React Router app gets).
export default { ssr: true, appDirectory: "app" } satisfies Config;
