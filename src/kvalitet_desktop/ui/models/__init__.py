"""Qt item models over the services (listing pages, …)."""
