// The app's screens: a request list, and per request its overview, the
// review, the export and the exemption log. App.svelte switches between
// them; no router is needed for a desktop window without URLs.
export type Screen =
  | { kind: "requests" }
  | { kind: "request"; number: string }
  | { kind: "review"; number: string }
  | { kind: "export"; number: string }
  | { kind: "log"; number: string };
