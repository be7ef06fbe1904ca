"""SmartBugs-curated benchmark: our scanner and Slither on the same comment-blanked contracts."""
