"""The interview, as pure conversation logic: (state, Incoming) -> (state, outputs)."""
