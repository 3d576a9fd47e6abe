"""What a person sees after a run: the terminal summary and the HTML report (`report.html`)."""
