"""What the server does behind its routes: answers, worker threads, conversations, ingests."""
