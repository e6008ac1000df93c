-- Per connection: timestamps without a zone are UTC, and zone conversions never depend on the machine's settings.
SET TimeZone = 'UTC'
