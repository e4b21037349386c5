"""`make bench`: speed and scale figures, one line each: `name: value (goal: …)`."""
