-- Marks blog_analysis.outlier_weeks with the digest of the definition it was created from: 'votes outlier_weeks
-- DIGEST'. {digest} is that digest, lower-case hex computed from create_outlier_weeks_view.sql with the fragments it
-- includes (a COMMENT takes a constant, not a parameter; the value is never user data). A later 'votes outliers' that
-- finds the same digest leaves the view as it is, so printing it writes nothing.
COMMENT ON VIEW blog_analysis.outlier_weeks IS 'votes outlier_weeks {digest}'
