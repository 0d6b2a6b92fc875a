CREATE TABLE greetings (id INT PRIMARY KEY, text TEXT NOT NULL);
INSERT INTO greetings VALUES (1, 'hello');
