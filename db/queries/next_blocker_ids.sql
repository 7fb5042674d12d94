-- New blocker numbers, one per element of $slots (numbers drawn and left unused stay unused).
-- Parameters: $slots INTEGER[].
SELECT nextval('seq_blocker_id') AS blocker_id
FROM unnest($slots::INTEGER[]) AS slot(n)
