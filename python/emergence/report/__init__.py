"""What a person sees after a run: the terminal summary (and, later, the HTML report)."""
