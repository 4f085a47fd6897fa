//! Deterministic synthetic graphs (made-up data) for benchmarks, tests and examples.
