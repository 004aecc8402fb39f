CREATE TABLE greeting (id INT PRIMARY KEY, text VARCHAR(40) NOT NULL);
INSERT INTO greeting (id, text) VALUES (1, 'hello');
