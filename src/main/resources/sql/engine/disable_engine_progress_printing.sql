-- The engine must never draw its own progress bar: stdout carries data only, and the tool draws its own on stderr.
SET enable_progress_bar_print = false
