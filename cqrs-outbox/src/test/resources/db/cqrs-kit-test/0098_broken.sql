-- A version that fails halfway: the installer must leave nothing of the run behind.
CREATE TABLE cqrs_test_half (id INT);
CREATE TABLE cqrs_test_half (id INT);
