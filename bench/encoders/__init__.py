"""Text encoders shared by metrics and fact matchers: token embeddings and the fact verifier."""
