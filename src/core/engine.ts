// Public facade of the engine. Implementation lands in src/core/index/ (in progress).
export {};
