import { Fragment, type ReactNode } from "react";

/** `value` allowed to wrap only after `://`, a dot, a slash, a colon or an underscore: never inside a word. */
export function BreakableText({ value }: { value: string }): ReactNode {
  const parts = value.split(/(?<=:\/\/|[./:_])/);
  return parts.map((part, index) => (
    <Fragment key={index}>
      {index > 0 ? <wbr /> : null}
      {part}
    </Fragment>
  ));
}
