"""`sources`: check the URLs articles cite, politely and safely (issue 6)."""
