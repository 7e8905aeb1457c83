// One time format for the whole example: the clock time, to the second, in the reader's locale.

/** `ms` since the epoch as a clock time, e.g. `14:05:09`. */
export function clockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/** `ms` since the epoch as a date and clock time, e.g. `22/11/2026, 14:05:09`. */
export function dateTime(ms: number): string {
  return new Date(ms).toLocaleString([], { dateStyle: "short", timeStyle: "medium" });
}
