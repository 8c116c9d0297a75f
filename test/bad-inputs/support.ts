/** What a stack trace looks like in output: "    at fn (file.js:1:2)", "at async …", node:internal frames. */
export const STACK_TRACE = /^\s+at .+[:(]\d+:\d+\)?$|\bat (?:async )?\S+ \(\S+:\d+:\d+\)|node:internal/m;
