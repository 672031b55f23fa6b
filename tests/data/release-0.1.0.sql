BEGIN TRANSACTION;
CREATE TABLE breakout_groups (
	id INTEGER NOT NULL, 
	breakout_id INTEGER NOT NULL, 
	number INTEGER NOT NULL, 
	name VARCHAR(80) NOT NULL, 
	place VARCHAR(120) NOT NULL, 
	questions TEXT NOT NULL, 
	reporter_id INTEGER, 
	PRIMARY KEY (id), 
	UNIQUE (breakout_id, number), 
	FOREIGN KEY(breakout_id) REFERENCES breakouts (id) ON DELETE CASCADE, 
	FOREIGN KEY(reporter_id) REFERENCES participants (id) ON DELETE SET NULL
);
INSERT INTO "breakout_groups" VALUES(1,1,1,'Tafel A','Zaal 1','["Wat werkt?"]',1);
INSERT INTO "breakout_groups" VALUES(2,1,2,'Tafel B','Zaal 2','[]',NULL);
CREATE TABLE breakouts (
	id INTEGER NOT NULL, 
	session_id INTEGER NOT NULL, 
	"after" INTEGER NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	duration INTEGER NOT NULL, 
	assignment VARCHAR(20) NOT NULL, 
	cap INTEGER, 
	categories TEXT NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	remaining INTEGER NOT NULL, 
	ends_at DATETIME, 
	message TEXT NOT NULL, 
	reporting INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(session_id) REFERENCES sessions (id) ON DELETE CASCADE
);
INSERT INTO "breakouts" VALUES(1,1,2,'Samenwerken',1200,'sector_balanced',NULL,'["Vragen", "Ervaringen", "Knelpunten", "Idee\u00ebn"]','ended',1200,NULL,'',1);
CREATE TABLE comments (
	id INTEGER NOT NULL, 
	session_id INTEGER NOT NULL, 
	statement_id INTEGER NOT NULL, 
	participant_id INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (participant_id, statement_id), 
	FOREIGN KEY(session_id) REFERENCES sessions (id) ON DELETE CASCADE, 
	FOREIGN KEY(statement_id) REFERENCES statements (id) ON DELETE CASCADE, 
	FOREIGN KEY(participant_id) REFERENCES participants (id) ON DELETE CASCADE
);
INSERT INTO "comments" VALUES(1,1,1,1,'Omdat niemand anders het overzicht heeft.','approved','2026-11-20 10:00:00.000000');
INSERT INTO "comments" VALUES(2,1,1,2,'Liever niet.','hidden','2026-11-20 10:00:00.000000');
CREATE TABLE key_point_supports (
	note_id INTEGER NOT NULL, 
	participant_id INTEGER NOT NULL, 
	PRIMARY KEY (note_id, participant_id), 
	FOREIGN KEY(note_id) REFERENCES notes (id) ON DELETE CASCADE, 
	FOREIGN KEY(participant_id) REFERENCES participants (id) ON DELETE CASCADE
);
INSERT INTO "key_point_supports" VALUES(1,5);
CREATE TABLE memberships (
	breakout_id INTEGER NOT NULL, 
	participant_id INTEGER NOT NULL, 
	group_id INTEGER NOT NULL, 
	PRIMARY KEY (breakout_id, participant_id), 
	FOREIGN KEY(breakout_id) REFERENCES breakouts (id) ON DELETE CASCADE, 
	FOREIGN KEY(participant_id) REFERENCES participants (id) ON DELETE CASCADE, 
	FOREIGN KEY(group_id) REFERENCES breakout_groups (id) ON DELETE CASCADE
);
INSERT INTO "memberships" VALUES(1,4,1);
INSERT INTO "memberships" VALUES(1,8,2);
INSERT INTO "memberships" VALUES(1,1,1);
INSERT INTO "memberships" VALUES(1,5,2);
INSERT INTO "memberships" VALUES(1,2,1);
INSERT INTO "memberships" VALUES(1,6,2);
INSERT INTO "memberships" VALUES(1,3,1);
INSERT INTO "memberships" VALUES(1,7,2);
CREATE TABLE note_upvotes (
	note_id INTEGER NOT NULL, 
	participant_id INTEGER NOT NULL, 
	PRIMARY KEY (note_id, participant_id), 
	FOREIGN KEY(note_id) REFERENCES notes (id) ON DELETE CASCADE, 
	FOREIGN KEY(participant_id) REFERENCES participants (id) ON DELETE CASCADE
);
INSERT INTO "note_upvotes" VALUES(1,2);
CREATE TABLE notes (
	id INTEGER NOT NULL, 
	group_id INTEGER NOT NULL, 
	participant_id INTEGER NOT NULL, 
	client_id VARCHAR(64) NOT NULL, 
	category VARCHAR(40) NOT NULL, 
	text TEXT NOT NULL, 
	hidden INTEGER NOT NULL, 
	key_point INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (participant_id, client_id), 
	FOREIGN KEY(group_id) REFERENCES breakout_groups (id) ON DELETE CASCADE, 
	FOREIGN KEY(participant_id) REFERENCES participants (id) ON DELETE CASCADE
);
INSERT INTO "notes" VALUES(1,1,1,'4f1c2a9e-0b7d-4c1e-9a3f-2d6e8b5c7a10','Knelpunten','Wat mogen we delen?',0,1,'2026-11-20 10:00:00.000000');
CREATE TABLE participants (
	id INTEGER NOT NULL, 
	session_id INTEGER NOT NULL, 
	number INTEGER NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	sector VARCHAR(60) NOT NULL, 
	name VARCHAR(60) NOT NULL, 
	joined_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (session_id, number), 
	FOREIGN KEY(session_id) REFERENCES sessions (id) ON DELETE CASCADE, 
	UNIQUE (token_hash)
);
INSERT INTO "participants" VALUES(1,1,432,'ae167432207fc59d77a3531d95824e180be055f6d9e21c681491133a55502a3e','Onderwijs','','2026-11-20 10:00:00.000000');
INSERT INTO "participants" VALUES(2,1,433,'2313caad4cfae0da2a46daacdd4f0e3ce3ec8ff99cd129e3b83dd4826bfa8241','Sociaal domein','Deelnemer 1','2026-11-20 10:00:00.000000');
INSERT INTO "participants" VALUES(3,1,434,'da33586c1cd2103ff5992b361a7b056fc31809ea080f8635e0b8ae7255c54546','Veiligheidsdomein','','2026-11-20 10:00:00.000000');
INSERT INTO "participants" VALUES(4,1,435,'6ba65122cb8d3b8437c0f91ea7858e004b02924d2900810c0e6a1abfba7fc9b1','Gemeente','Deelnemer 3','2026-11-20 10:00:00.000000');
INSERT INTO "participants" VALUES(5,1,436,'9155e5f18575849be9069433bc277bb7b3d7a9cbfe76378fb2bc99358ab3c0c2','Onderwijs','','2026-11-20 10:00:00.000000');
INSERT INTO "participants" VALUES(6,1,437,'cca032aa829643e7d39f56bcc5edafb447cfa371a92b56b7aec0d9abea264fd8','Sociaal domein','Deelnemer 5','2026-11-20 10:00:00.000000');
INSERT INTO "participants" VALUES(7,1,438,'1b6674995cbd2c3bee6906227a3ed561b9eeb8ee2b6870ece8df8c5b078825f8','Veiligheidsdomein','','2026-11-20 10:00:00.000000');
INSERT INTO "participants" VALUES(8,1,439,'31c419815bc93f22c6539be3bfdee4409a3306ff435599e632dd5afd08be6583','Gemeente','Deelnemer 7','2026-11-20 10:00:00.000000');
CREATE TABLE sessions (
	id INTEGER NOT NULL, 
	code VARCHAR(16) NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	date VARCHAR(10) NOT NULL, 
	language VARCHAR(2) NOT NULL, 
	sectors TEXT NOT NULL, 
	moderator_key VARCHAR(64) NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	step_kind VARCHAR(16) NOT NULL, 
	step_item_id INTEGER, 
	deck VARCHAR(200), 
	is_demo INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (code)
);
INSERT INTO "sessions" VALUES(1,'YYAH4W','Polarisatie voorkomen, Zwolle','2026-11-20','nl','["Onderwijs", "Sociaal domein", "Veiligheidsdomein", "Gemeente"]','3aYQ_jh-pPDqW2Iez-m-mB_PNGHM8iPB','active','breakout',1,NULL,0,'2026-11-20 10:00:00.000000');
CREATE TABLE settings (
	"key" VARCHAR(64) NOT NULL, 
	value TEXT NOT NULL, 
	PRIMARY KEY ("key")
);
CREATE TABLE statements (
	id INTEGER NOT NULL, 
	session_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (session_id, position), 
	FOREIGN KEY(session_id) REFERENCES sessions (id) ON DELETE CASCADE
);
INSERT INTO "statements" VALUES(1,1,1,'De gemeente hoort de regie te nemen.','revealed');
INSERT INTO "statements" VALUES(2,1,2,'Scholen delen zorgen met de politie.','pending');
CREATE TABLE votes (
	participant_id INTEGER NOT NULL, 
	statement_id INTEGER NOT NULL, 
	session_id INTEGER NOT NULL, 
	choice VARCHAR(20) NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (participant_id, statement_id), 
	FOREIGN KEY(participant_id) REFERENCES participants (id) ON DELETE CASCADE, 
	FOREIGN KEY(statement_id) REFERENCES statements (id) ON DELETE CASCADE, 
	FOREIGN KEY(session_id) REFERENCES sessions (id) ON DELETE CASCADE
);
INSERT INTO "votes" VALUES(1,1,1,'agree','2026-11-20 10:00:00.000000');
INSERT INTO "votes" VALUES(2,1,1,'disagree','2026-11-20 10:00:00.000000');
INSERT INTO "votes" VALUES(3,1,1,'neutral','2026-11-20 10:00:00.000000');
INSERT INTO "votes" VALUES(4,1,1,'pass','2026-11-20 10:00:00.000000');
INSERT INTO "votes" VALUES(5,1,1,'agree','2026-11-20 10:00:00.000000');
INSERT INTO "votes" VALUES(6,1,1,'disagree','2026-11-20 10:00:00.000000');
INSERT INTO "votes" VALUES(7,1,1,'neutral','2026-11-20 10:00:00.000000');
INSERT INTO "votes" VALUES(8,1,1,'pass','2026-11-20 10:00:00.000000');
CREATE INDEX ix_votes_statement ON votes (statement_id);
CREATE INDEX ix_comments_statement ON comments (statement_id);
CREATE INDEX ix_memberships_group ON memberships (group_id);
CREATE INDEX ix_notes_group ON notes (group_id);
COMMIT;
