/** Encoding detection and decoding of evidence bytes. OWNER: canonical-CSV helper. */
export {};
