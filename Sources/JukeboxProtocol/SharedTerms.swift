// The generation vocabulary (modes, formats, defaults, limits) lives in JukeboxTerms, below
// both the protocol and the engine; every client of the protocol sees it through this import.
@_exported import JukeboxTerms
