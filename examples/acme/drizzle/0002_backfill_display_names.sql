-- Custom SQL migration file, put your code below! --
-- Give every user a display name before display_name becomes required.
UPDATE "users" SET "display_name" = split_part("email", '@', 1) WHERE "display_name" IS NULL;
