"""The embedder: the packaged ONNX model, its sessions, the cached fused graph, llama-index glue."""
