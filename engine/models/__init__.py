"""Chat models: the backend contract, the local backend and its process, the default
models, the model store, downloads, GGUF checks."""
