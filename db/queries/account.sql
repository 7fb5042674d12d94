-- The account in force for a user name (any case): its newest row, with the provinces it may
-- write ('national': all).
-- Parameters: $user_name VARCHAR.
SELECT user_name, role, password_hash, must_change, scope
FROM editor_accounts
WHERE lower(user_name) = lower($user_name::VARCHAR)
ORDER BY account_id DESC
LIMIT 1
