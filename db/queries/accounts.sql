-- Every account in force (the newest row per user name, any case), disabled ones included,
-- with the provinces each may write.
SELECT user_name, role, scope
FROM (
    SELECT user_name, role, scope,
           row_number() OVER (PARTITION BY lower(user_name) ORDER BY account_id DESC) AS newest
    FROM editor_accounts
) accounts
WHERE newest = 1
ORDER BY lower(user_name)
