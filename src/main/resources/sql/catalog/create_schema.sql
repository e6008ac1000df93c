-- The warehouse's one schema.
CREATE SCHEMA IF NOT EXISTS blog_analysis
