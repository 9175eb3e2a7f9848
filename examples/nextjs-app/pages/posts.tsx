import type { GetServerSideProps } from 'next';
import { readPost } from '@/lib/content';

export const getServerSideProps: GetServerSideProps = async (context) => {
  const body = readPost(String(context.query.slug)); // expect: js/via-call
  return { props: { body } };
};

export default function Post({ body }: { body: string }) {
  return <article dangerouslySetInnerHTML={{ __html: body }} />;
}
