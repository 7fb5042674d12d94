-- The newest sign-in attempts of a user name (any case), as seconds since 1970 and success.
-- Parameters: $user_name VARCHAR, $count INTEGER.
SELECT CAST(EXTRACT(EPOCH FROM attempted_at) AS DOUBLE PRECISION), succeeded
FROM login_attempts
WHERE lower(user_name) = lower($user_name::VARCHAR)
ORDER BY attempted_at DESC
LIMIT $count::INTEGER
