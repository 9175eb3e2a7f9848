import { writeFileSync } from 'node:fs';
import { recordVisit } from './actions';

export default async function Dashboard() {
  async function saveNote(formData: FormData) {
    'use server';
    writeFileSync('note.txt', String(formData.get('note'))); // expect: js/sync-fs
  }
  await recordVisit('dashboard');
  return (
    <form action={saveNote}>
      <textarea name="note" />
      <button type="submit">Save</button>
    </form>
  );
}
