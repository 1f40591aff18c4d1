// The layers below, re-exported: `import Checks` (the executable, the tests) sees every public API, and
// each target's own imports stay what the compiler enforces (README "Layout").
@_exported import Formats
@_exported import Git
@_exported import Model
@_exported import Report
@_exported import Rules
