const Database = require('better-sqlite3');

const db = new Database('app.db');
db.exec('CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, email TEXT, hash TEXT)');

const findByEmail = db.prepare('SELECT * FROM users WHERE email = ?');

function userByEmail(email) {
  return findByEmail.get(email); // expect: js/better-sqlite3
}

function allUsers() {
  return db.prepare('SELECT id, email FROM users').all(); // expect: js/better-sqlite3
}

module.exports = { db, userByEmail, allUsers };
