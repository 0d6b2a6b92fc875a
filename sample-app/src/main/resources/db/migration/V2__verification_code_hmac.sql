-- Verification codes are now stored as HMAC-SHA256 under a server secret ('hmac-sha256:<hex>'), not as an unsalted
-- SHA-256. An old hash can never match again, so pending old codes are marked used up: their owners ask for a new
-- one at POST /auth/verify/resend. Verified rows stay as they are.
UPDATE verification_codes
   SET attempts_left = 0
 WHERE NOT verified
   AND code_hash NOT LIKE 'hmac-sha256:%';
