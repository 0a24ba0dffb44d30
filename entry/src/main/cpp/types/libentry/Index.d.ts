/** Runs the JSVM snapshot demo once: create, write, read back and restore a snapshot. */
export const runTest: () => void;
