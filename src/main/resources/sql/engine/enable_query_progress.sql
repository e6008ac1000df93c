-- Lets the tool poll each running statement's progress (for its bar on a terminal).
SET enable_progress_bar = true
