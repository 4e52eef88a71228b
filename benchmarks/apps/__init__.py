"""The front ends under measure: `assistant serve` under load and the chat app's cold start."""
