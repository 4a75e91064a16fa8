/** Exact money (bigint / decimal strings) and FX. OWNER: identifiers+money helper. */
export {};
