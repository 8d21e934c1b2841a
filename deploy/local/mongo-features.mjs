#!/usr/bin/env node
// Probes which MongoDB features the MongoDB-wire server at MONGODB_URI supports, one line each.
// docs/local-servers.md records the results for FerretDB (deploy/local) so code avoids what it lacks.
//
//   MONGODB_URI=mongodb://127.0.0.1:27017/newsflow node deploy/local/mongo-features.mjs
//
// Works on a throw-away database; every operation is bounded. Exit code 0 whatever is unsupported.
/* eslint-disable no-restricted-properties -- a standalone ops script: its settings are its environment. */
import { randomUUID } from 'node:crypto';
import { Binary, MongoClient } from 'mongodb';

const uri = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/newsflow';
const client = new MongoClient(uri, { serverSelectionTimeoutMS: 3_000, socketTimeoutMS: 15_000 });
await client.connect();
const db = client.db(`features_${randomUUID().replaceAll('-', '')}`);
const build = await client.db('admin').command({ buildInfo: 1 });
console.log(
  `server: ${build.ferretdbVersion ? `FerretDB ${build.ferretdbVersion}` : 'MongoDB'} ${build.version}`,
);

const probes = {
  'insert/find/update/delete, upsert, $inc/$set/$setOnInsert/$push/$addToSet': async () => {
    const c = db.collection('crud');
    await c.insertOne({ _id: 'a', n: 1, tags: ['x'] });
    await c.updateOne({ _id: 'a' }, { $inc: { n: 1 }, $push: { tags: 'y' } });
    await c.updateOne({ _id: 'a' }, { $addToSet: { tags: 'x' } });
    await c.updateOne({ _id: 'b' }, { $set: { n: 5 }, $setOnInsert: { created: true } }, { upsert: true });
    const a = await c.findOne({ _id: 'a' });
    const b = await c.findOne({ _id: 'b' });
    assert(a?.n === 2 && a.tags.join() === 'x,y' && b?.created === true, JSON.stringify({ a, b }));
    await c.deleteOne({ _id: 'b' });
  },
  'findOneAndUpdate (upsert, returnDocument: after)': async () => {
    const r = await db
      .collection('foau')
      .findOneAndUpdate({ _id: 'k' }, { $inc: { version: 1 } }, { upsert: true, returnDocument: 'after' });
    assert(r?.version === 1, JSON.stringify(r));
  },
  'bulkWrite (ordered: false) and replaceOne upsert': async () => {
    const c = db.collection('bulk');
    const r = await c.bulkWrite(
      [
        { insertOne: { document: { _id: 1 } } },
        { replaceOne: { filter: { _id: 2 }, replacement: { v: 2 }, upsert: true } },
        { updateOne: { filter: { _id: 1 }, update: { $set: { v: 1 } } } },
      ],
      { ordered: false },
    );
    assert(r.insertedCount === 1 && r.upsertedCount === 1 && r.modifiedCount === 1, JSON.stringify(r));
  },
  'unique index → duplicate key error code 11000': async () => {
    const c = db.collection('uniq');
    await c.createIndex({ canonicalUrl: 1 }, { unique: true });
    await c.insertOne({ canonicalUrl: 'u' });
    try {
      await c.insertOne({ canonicalUrl: 'u' });
    } catch (err) {
      assert(err.code === 11000, `code ${err.code}`);
      return;
    }
    throw new Error('duplicate accepted');
  },
  'compound unique index (canonicalUrl + part)': async () => {
    const c = db.collection('compound');
    await c.createIndex({ canonicalUrl: 1, part: 1 }, { unique: true });
    await c.insertMany([
      { canonicalUrl: 'u', part: 0 },
      { canonicalUrl: 'u', part: 1 },
    ]);
  },
  'index on array of subdocuments (entities.name), dotted-path query': async () => {
    const c = db.collection('multikey');
    await c.createIndex({ 'entities.name': 1 });
    await c.insertOne({
      entities: [
        { name: 'Ada', type: 'PERSON' },
        { name: 'Acme', type: 'ORG' },
      ],
    });
    const m = await c.countDocuments({ 'entities.name': 'Ada' });
    assert(m === 1, `count ${m}`);
  },
  '$elemMatch with several fields': async () => {
    const c = db.collection('elemmatch');
    await c.insertOne({
      entities: [
        { name: 'Ada', type: 'PERSON' },
        { name: 'Acme', type: 'ORG' },
      ],
    });
    const n = await c.countDocuments({ entities: { $elemMatch: { name: 'Acme', type: 'ORG' } } });
    assert(n === 1, `count ${n}`);
  },
  '$elemMatch with operators ({ $gte })': async () => {
    const c = db.collection('elemmatch2');
    await c.insertOne({ scores: [1, 5] });
    const n = await c.countDocuments({ scores: { $elemMatch: { $gte: 4 } } });
    assert(n === 1, `count ${n}`);
  },
  'descending index + range query + sort on dates': async () => {
    const c = db.collection('dates');
    await c.createIndex({ publishedAt: -1 });
    await c.insertMany([1, 2, 3].map((d) => ({ publishedAt: new Date(Date.UTC(2024, 0, d)) })));
    const docs = await c
      .find({ publishedAt: { $gte: new Date(Date.UTC(2024, 0, 2)) } })
      .sort({ publishedAt: -1 })
      .toArray();
    assert(docs.length === 2 && docs[0].publishedAt.getUTCDate() === 3, JSON.stringify(docs));
  },
  'partial index (partialFilterExpression)': async () => {
    await db
      .collection('partial')
      .createIndex({ duplicateOf: 1 }, { partialFilterExpression: { duplicateOf: { $exists: true } } });
  },
  'sparse index': async () => {
    await db.collection('sparse').createIndex({ section: 1 }, { sparse: true });
  },
  'TTL index (expireAfterSeconds)': async () => {
    await db.collection('ttl').createIndex({ at: 1 }, { expireAfterSeconds: 3600 });
  },
  'text index + $text search': async () => {
    const c = db.collection('text');
    await c.createIndex({ title: 'text' });
    await c.insertOne({ title: 'hello world' });
    assert((await c.countDocuments({ $text: { $search: 'hello' } })) === 1, 'no match');
  },
  '2dsphere index': async () => {
    await db.collection('geo').createIndex({ loc: '2dsphere' });
  },
  'collation (case-insensitive find)': async () => {
    const c = db.collection('collation');
    await c.insertOne({ name: 'Acme' });
    const n = await c.countDocuments({ name: 'acme' }, { collation: { locale: 'en', strength: 2 } });
    assert(n === 1, `count ${n}`);
  },
  '$regex query': async () => {
    const c = db.collection('regex');
    await c.insertOne({ url: 'https://example.com/a' });
    assert((await c.countDocuments({ url: { $regex: '^https://example\\.com/' } })) === 1, 'no match');
  },
  'distinct, countDocuments, estimatedDocumentCount': async () => {
    const c = db.collection('distinct');
    await c.insertMany([{ s: 'a' }, { s: 'b' }, { s: 'a' }]);
    const d = await c.distinct('s');
    assert(d.length === 2 && (await c.estimatedDocumentCount()) === 3, JSON.stringify(d));
  },
  'binary field (1 MiB gzip-like bytes)': async () => {
    const c = db.collection('binary');
    const bytes = Buffer.alloc(1 << 20, 7);
    await c.insertOne({ _id: 'p', body: new Binary(bytes) });
    const doc = await c.findOne({ _id: 'p' });
    assert(doc?.body.buffer.length === bytes.length, 'length differs');
  },
  'document near the 16 MiB limit (15 MiB string)': async () => {
    await db.collection('big').insertOne({ text: 'x'.repeat(15 * (1 << 20)) });
  },
  'aggregate: $match $unwind $group $sum $sort $limit': async () => {
    const c = db.collection('agg');
    await c.insertMany([{ e: ['a', 'b'] }, { e: ['a'] }]);
    const r = await c
      .aggregate([
        { $match: {} },
        { $unwind: '$e' },
        { $group: { _id: '$e', count: { $sum: 1 } } },
        { $sort: { count: -1 } },
        { $limit: 1 },
      ])
      .toArray();
    assert(r[0]?._id === 'a' && r[0].count === 2, JSON.stringify(r));
  },
  'aggregate $project / $addFields with field-path expressions': async () => {
    const c = db.collection('agg2');
    await c.insertOne({ a: 1 });
    const r = await c
      .aggregate([{ $addFields: { b: '$a' } }, { $project: { _id: 0, b: 1, c: '$a' } }])
      .toArray();
    assert(r[0]?.b === 1 && r[0].c === 1, JSON.stringify(r));
  },
  'aggregate $lookup': async () => {
    await db.collection('l1').insertOne({ _id: 1, pageId: 'p' });
    await db.collection('l2').insertOne({ _id: 'p' });
    const r = await db
      .collection('l1')
      .aggregate([{ $lookup: { from: 'l2', localField: 'pageId', foreignField: '_id', as: 'page' } }])
      .toArray();
    assert(r[0]?.page.length === 1, JSON.stringify(r));
  },
  'aggregate $facet': async () => {
    await db.collection('facet').insertOne({ a: 1 });
    await db
      .collection('facet')
      .aggregate([{ $facet: { n: [{ $count: 'n' }] } }])
      .toArray();
  },
  'aggregate $out': async () => {
    await db.collection('out').insertOne({ a: 1 });
    await db
      .collection('out')
      .aggregate([{ $out: 'out2' }])
      .toArray();
  },
  'aggregate $merge': async () => {
    await db.collection('merge').insertOne({ a: 1 });
    await db
      .collection('merge')
      .aggregate([{ $merge: { into: 'merge2' } }])
      .toArray();
  },
  'aggregate $setWindowFields': async () => {
    await db.collection('window').insertOne({ a: 1 });
    await db
      .collection('window')
      .aggregate([{ $setWindowFields: { sortBy: { a: 1 }, output: { r: { $rank: {} } } } }])
      .toArray();
  },
  'update with an aggregation pipeline': async () => {
    const c = db.collection('pipeupd');
    await c.insertOne({ _id: 1, a: 1 });
    await c.updateOne({ _id: 1 }, [{ $set: { b: { $add: ['$a', 1] } } }]);
    assert((await c.findOne({ _id: 1 }))?.b === 2, 'b not set');
  },
  arrayFilters: async () => {
    const c = db.collection('arrayfilters');
    await c.insertOne({ _id: 1, e: [{ n: 'a', c: 1 }] });
    await c.updateOne({ _id: 1 }, { $inc: { 'e.$[x].c': 1 } }, { arrayFilters: [{ 'x.n': 'a' }] });
    assert((await c.findOne({ _id: 1 }))?.e[0].c === 2, 'not updated');
  },
  'positional $ update (e.$.c)': async () => {
    const c = db.collection('positional');
    await c.insertOne({ _id: 1, e: [{ n: 'a', c: 1 }] });
    await c.updateOne({ _id: 1, 'e.n': 'a' }, { $inc: { 'e.$.c': 1 } });
    assert((await c.findOne({ _id: 1 }))?.e[0].c === 2, 'not updated');
  },
  '$jsonSchema validator (createCollection validator) enforced': async () => {
    const c = await db.createCollection('validated', {
      validator: { $jsonSchema: { bsonType: 'object', required: ['url'] } },
    });
    try {
      await c.insertOne({ noUrl: true });
    } catch {
      return;
    }
    throw new Error('invalid document accepted (validator not enforced)');
  },
  'capped collection': async () => {
    await db.createCollection('capped', { capped: true, size: 1 << 20 });
  },
  'multi-document transaction': async () => {
    const session = client.startSession();
    try {
      await session.withTransaction(async () => {
        await db.collection('tx').insertOne({ a: 1 }, { session });
      });
    } finally {
      await session.endSession();
    }
  },
  'change streams (collection.watch)': async () => {
    const stream = db.collection('cs').watch();
    try {
      const next = stream.tryNext();
      await Promise.race([next, sleep(2_000)]);
    } finally {
      await stream.close();
    }
  },
  explain: async () => {
    await db.collection('crud').find({ n: 2 }).explain();
  },
};

let unsupported = 0;
for (const [name, probe] of Object.entries(probes)) {
  try {
    await Promise.race([
      probe(),
      sleep(20_000).then(() => {
        throw new Error('timed out');
      }),
    ]);
    console.log(`yes  ${name}`);
  } catch (err) {
    unsupported++;
    const detail = String(err?.message ?? err)
      .split('\n')[0]
      .slice(0, 140);
    console.log(`NO   ${name} — ${err?.codeName ? `${err.codeName}: ` : ''}${detail}`);
  }
}
console.log(`${unsupported} of ${Object.keys(probes).length} probes unsupported`);
await db.dropDatabase().catch(() => {});
await client.close();

function assert(condition, message) {
  if (!condition) throw new Error(`unexpected result: ${message}`);
}
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
