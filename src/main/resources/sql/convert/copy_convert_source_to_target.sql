-- votes convert-storage: every schema, table, view, sequence (at its current value), macro and constraint of the
-- warehouse, and every row, into the converted copy.
COPY FROM DATABASE convert_source TO convert_target
