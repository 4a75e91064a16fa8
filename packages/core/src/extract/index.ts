/** Identifiers in free text (messages, references, descriptions): docs/identifiers.md, "Extraction". */
export { coordinatesFromMapUrl, dmsToDecimal, geoId, type LatLon } from './coordinates.ts';
export { type Extraction, type ExtractionKind, extractIdentifiers } from './extract-identifiers.ts';
export { isValidOnionV3 } from './onion.ts';
