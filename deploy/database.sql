-- The database of a team server and the one role the app connects as. The role owns its
-- database, so the app can make and upgrade its tables there at its first start, and it has no
-- other right: no superuser, no other database, no roles, nothing for anyone else.
-- psql -v password='…' -f deploy/database.sql   (as a PostgreSQL superuser)
CREATE ROLE cx_app LOGIN PASSWORD :'password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
CREATE DATABASE cx OWNER cx_app;
REVOKE ALL ON DATABASE cx FROM PUBLIC;
