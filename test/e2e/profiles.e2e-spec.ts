import sharp from 'sharp';
import { addMember, csrfFrom, SignedInClient, signUpPractice } from '../factories/accounts';
import { jpegWithLocation, png } from '../factories/images';
import { exampleDraft } from '../factories/offerings';
import { asBytes, pdfImages } from '../support/pdf-text';
import { startTestApp, TestApp } from '../support/test-app';

const licensed = {
  displayName: 'Dr. Ana Ortiz',
  credentials: 'DC, CCSP',
  modalities: ['chiropractic'],
  yearsInPractice: 12,
  languages: ['English', 'Spanish'],
  approach: 'I listen first.',
  acceptsNewClients: true,
  licenseStatus: 'licensed',
  licenseType: 'Doctor of Chiropractic',
  licenseNumber: 'DC-012345',
  licenseIssuer: 'Oregon Board of Chiropractic Examiners',
};
const unlicensed = {
  displayName: 'Sam Rivers',
  credentials: 'Reiki Master',
  modalities: ['energy_healing'],
  languages: ['English'],
  acceptsNewClients: false,
  licenseStatus: 'not_licensed',
  unlicensedExplanation: 'Reiki training with the International Center for Reiki Training since 2015.',
};

describe('practitioner and practice profiles', () => {
  let t: TestApp;
  let owner: SignedInClient;
  let ana: SignedInClient;
  let sam: SignedInClient;
  let frontDesk: SignedInClient;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUpPractice(t.browser(), { practiceName: 'Riverside Healing Arts' });
    ana = await addMember(owner, t.browser(), 'practitioner', 'Ana');
    sam = await addMember(owner, t.browser(), 'practitioner', 'Sam');
    frontDesk = await addMember(owner, t.browser(), 'front_desk');
  });
  afterAll(() => t.close());

  const put = (who: SignedInClient, path: string, body: object) =>
    who.agent.put(`/api/v1${path}`).set('X-CSRF-Token', who.csrfToken).send(body);
  const upload = (who: SignedInClient, path: string, field: string, bytes: Buffer, filename: string, contentType: string) =>
    who.agent.post(`/api/v1${path}`).set('X-CSRF-Token', who.csrfToken).attach(field, bytes, { filename, contentType });

  it('shows a licensed and an unlicensed practitioner truthfully, and their offerings name them', async () => {
    await put(ana, `/profiles/${ana.user.id}`, licensed).expect(204);
    await put(sam, `/profiles/${sam.user.id}`, unlicensed).expect(204);
    const offering = await ana.agent.post('/api/v1/offerings').set('X-CSRF-Token', ana.csrfToken).send({ title: 'Back care' }).expect(201);
    await put(ana, `/offerings/${offering.body.id}/draft`, {
      revision: 0,
      draft: { ...exampleDraft([ana.user.id, sam.user.id]), title: 'Back care' },
    }).expect(200);
    await ana.agent.post(`/api/v1/offerings/${offering.body.id}/publish`).set('X-CSRF-Token', ana.csrfToken).expect(201);

    const page = await t.browser().get(`/p/${owner.practice.slug}`).expect(200);
    expect(page.text).toContain('Dr. Ana Ortiz, DC, CCSP');
    expect(page.text).toContain('Licensed: Doctor of Chiropractic, license DC-012345, issued by Oregon Board of Chiropractic Examiners.');
    expect(page.text).toContain('Sam Rivers, Reiki Master');
    expect(page.text).toContain(
      'Not licensed by a state board.</strong> Reiki training with the International Center for Reiki Training since 2015.',
    );
    expect(page.text).toContain('with Dr. Ana Ortiz, Sam Rivers');
    // Sam's card says nothing about a license.
    const samCard = page.text.slice(page.text.indexOf('Sam Rivers, Reiki Master'));
    expect(samCard.slice(0, samCard.indexOf('</article>'))).not.toMatch(/Licensed:|license DC/);

    const offeringPage = await t.browser().get(`/p/${owner.practice.slug}/${offering.body.slug}`).expect(200);
    expect(offeringPage.text).toContain('Who will I work with?');
    expect(offeringPage.text).toContain('Licensed: Doctor of Chiropractic');
    expect(offeringPage.text).toContain('Not licensed by a state board.');

    const json = await t.browser().get(`/api/v1/public/practices/${owner.practice.slug}/offerings/${offering.body.slug}`).expect(200);
    expect(json.body.providers.map((p: { profile: { licensing: { headline: string } } }) => p.profile.licensing.headline)).toEqual([
      'Licensed: Doctor of Chiropractic, license DC-012345, issued by Oregon Board of Chiropractic Examiners.',
      'Not licensed by a state board.',
    ]);
  });

  it('keeps only what the chosen licensing status needs, so a page never shows a stale license', async () => {
    await put(ana, `/profiles/${ana.user.id}`, {
      ...licensed,
      licenseStatus: 'not_licensed',
      unlicensedExplanation: 'Between licenses.',
    }).expect(204);
    const [row] = await t.sql<{ license_number: string | null }>('SELECT license_number FROM practitioner_profiles WHERE user_id = $1', [
      ana.user.id,
    ]);
    expect(row.license_number).toBeNull();
    await put(ana, `/profiles/${ana.user.id}`, licensed).expect(204);
  });

  it.each([
    [
      'a license number with no issuing body',
      { ...licensed, licenseIssuer: '' },
      'licenseIssuer',
      'name the state or board that issued license DC-012345',
    ],
    ['credentials over the limit', { ...licensed, credentials: 'x'.repeat(121) }, 'credentials', 'must be at most 120 characters'],
    [
      'no word on licensing',
      { ...licensed, licenseStatus: undefined },
      'licenseStatus',
      'say whether you hold a license from a state board',
    ],
    [
      '"not licensed" without an explanation',
      { ...unlicensed, unlicensedExplanation: '' },
      'unlicensedExplanation',
      'describe your training, certifications or membership bodies',
    ],
    ['an unknown kind of care', { ...licensed, modalities: ['crystals'] }, 'modalities', 'must be among the listed kinds of care'],
  ])('refuses %s, naming the field', async (_label, body, field, message) => {
    const res = await put(sam, `/profiles/${sam.user.id}`, body).expect(400);
    expect(res.body.fields[field]).toBe(message);
  });

  it('re-renders the profile form with the message beside the field and every value kept', async () => {
    const form = await sam.agent.get(`/profiles/${sam.user.id}/edit`).expect(200);
    const res = await sam.agent
      .post(`/profiles/${sam.user.id}/edit`)
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        displayName: 'Sam R.',
        credentials: 'RMT',
        languages: 'English, French',
        licenseStatus: 'licensed',
        licenseNumber: 'MT-77',
      })
      .expect(400);
    expect(res.text).toContain('name the state or board that issued license MT-77');
    expect(res.text).toContain('value="Sam R."');
    expect(res.text).toContain('value="English, French"');
    expect(res.text).toContain('value="MT-77"');
  });

  it('lets a practitioner edit only their own profile; the owner edits anyone’s; front desk has none', async () => {
    await put(sam, `/profiles/${ana.user.id}`, unlicensed).expect(404);
    await sam.agent.get(`/profiles/${ana.user.id}/edit`).expect(404);
    await put(owner, `/profiles/${sam.user.id}`, unlicensed).expect(204);
    expect((await put(frontDesk, `/profiles/${frontDesk.user.id}`, unlicensed).expect(404)).body.code).toBe('NOT_FOUND');
    await put(owner, `/profiles/${frontDesk.user.id}`, unlicensed).expect(404);
    expect(
      (await t.sql<{ display_name: string }>('SELECT display_name FROM practitioner_profiles WHERE user_id = $1', [ana.user.id]))[0]
        .display_name,
    ).toBe('Dr. Ana Ortiz');
  });

  describe('photos and logos', () => {
    it('re-encodes an uploaded photo without its metadata, and serves it on the public page', async () => {
      const original = await jpegWithLocation();
      expect((await sharp(original).metadata()).exif).toBeDefined();
      await upload(ana, `/profiles/${ana.user.id}/photo`, 'photo', original, 'me.jpg', 'image/jpeg').expect(204);
      const [row] = await t.sql<{ photo_image_id: string }>('SELECT photo_image_id FROM practitioner_profiles WHERE user_id = $1', [
        ana.user.id,
      ]);
      const [stored] = await t.sql<{ bytes: Buffer; content_type: string }>('SELECT bytes, content_type FROM images WHERE id = $1', [
        row.photo_image_id,
      ]);
      expect(stored.content_type).toBe('image/jpeg');
      const meta = await sharp(stored.bytes).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(stored.bytes.includes(Buffer.from('Secret Photographer'))).toBe(false);
      expect(stored.bytes.includes(Buffer.from('GPS'))).toBe(false);

      const page = await t.browser().get(`/p/${owner.practice.slug}`).expect(200);
      const src = `/p/${owner.practice.slug}/images/${row.photo_image_id}`;
      expect(page.text).toContain(`src="${src}"`);
      const served = await t.browser().get(src).expect(200);
      expect(served.headers['content-type']).toBe('image/jpeg');
      expect(served.headers['x-content-type-options']).toBe('nosniff');
      expect(Buffer.compare(served.body, stored.bytes)).toBe(0);

      // The printed offering carries the same cleaned photo, embedded (the renderer loads nothing).
      const [offering] = await t.sql<{ id: string }>('SELECT id FROM offerings WHERE practice_id = $1 AND latest_version > 0 LIMIT 1', [
        owner.practice.id,
      ]);
      const pdf = await ana.agent.get(`/offerings/${offering.id}/versions/1/pdf`).buffer(true).parse(asBytes).expect(200);
      const images = pdfImages(pdf.body as Buffer);
      expect(images.some((line) => /image\s+\d+\s+48\b/.test(line))).toBe(true); // the 48-pixel-high photo, as cropped for its circle
      expect((pdf.body as Buffer).includes(Buffer.from('Secret Photographer'))).toBe(false);
    });

    it.each([
      [
        'a file that is not an image',
        Buffer.from('%PDF-1.4 not a picture'),
        'doc.pdf',
        'application/pdf',
        400,
        'The file is not a PNG, JPEG or WebP picture.',
      ],
      [
        'a PNG name on JPEG bytes',
        'jpeg',
        'photo.png',
        'image/png',
        400,
        'The file says it is PNG but contains JPEG. Please upload the picture as it is.',
      ],
      [
        'a picture over 5 MB',
        Buffer.alloc(5 * 1024 * 1024 + 10, 0xff),
        'big.jpg',
        'image/jpeg',
        413,
        'The picture is larger than 5 MB. Please choose a smaller one.',
      ],
      [
        'a damaged JPEG',
        Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]),
        'broken.jpg',
        'image/jpeg',
        400,
        'The JPEG picture could not be read. It may be damaged or too large (over 40 megapixels).',
      ],
    ])('refuses %s with a clear message', async (_label, bytes, filename, type, status, message) => {
      const body = bytes === 'jpeg' ? await jpegWithLocation() : (bytes as Buffer);
      const res = await upload(sam, `/profiles/${sam.user.id}/photo`, 'photo', body, filename, type).expect(status);
      expect(res.body.fields.photo).toBe(message);
    });

    it('uploads through the page form and shows a refusal beside the file field', async () => {
      const page = await sam.agent.get(`/profiles/${sam.user.id}/photo`).expect(200);
      const action = /action="([^"]+photo\?_csrf=[^"]+)"/.exec(page.text)![1].replace(/&amp;/g, '&');
      const bad = await sam.agent
        .post(action)
        .attach('photo', Buffer.from('hello'), { filename: 'x.png', contentType: 'image/png' })
        .expect(400);
      expect(bad.text).toContain('The file is not a PNG, JPEG or WebP picture.');
      const ok = await sam.agent
        .post(action)
        .attach('photo', await png(), { filename: 'me.png', contentType: 'image/png' })
        .expect(303);
      expect(ok.headers.location).toBe(`/profiles/${sam.user.id}/edit?saved=1`);
      // Without the token in the action, the upload is refused.
      await sam.agent
        .post(`/profiles/${sam.user.id}/photo`)
        .attach('photo', await png(), { filename: 'me.png', contentType: 'image/png' })
        .expect(403);
    });

    it('replaces a practice logo and removes the old picture', async () => {
      await upload(owner, '/practice/logo', 'logo', await png(), 'logo.png', 'image/png').expect(204);
      const [first] = await t.sql<{ logo_image_id: string }>('SELECT logo_image_id FROM practices WHERE id = $1', [owner.practice.id]);
      await upload(owner, '/practice/logo', 'logo', await png(), 'logo2.png', 'image/png').expect(204);
      expect(await t.sql('SELECT 1 FROM images WHERE id = $1', [first.logo_image_id])).toHaveLength(0);
      await upload(ana, '/practice/logo', 'logo', await png(), 'logo.png', 'image/png').expect(403);
    });

    it('serves only pictures a practice shows, and only under that practice', async () => {
      const other = await signUpPractice(t.browser(), { practiceName: 'Other Place' });
      const [row] = await t.sql<{ logo_image_id: string }>('SELECT logo_image_id FROM practices WHERE id = $1', [owner.practice.id]);
      await t.browser().get(`/p/${other.practice.slug}/images/${row.logo_image_id}`).expect(404);
      await t.browser().get(`/p/${owner.practice.slug}/images/00000000-0000-4000-8000-000000000000`).expect(404);
    });
  });

  describe('the practice profile', () => {
    const practice = {
      name: 'Riverside Healing Arts',
      address: '12 River Road\nSpringfield, OR 97477',
      phone: '+1 541 555 0100',
      publicEmail: 'hello@riverside.example',
      openingHours: 'Mon–Thu 9–5',
      timeZone: 'America/Los_Angeles',
      locale: 'en-US',
      currency: 'USD',
    };

    it('is edited by the owner and shown on the public page', async () => {
      await put(owner, '/practice', practice).expect(204);
      const page = await t.browser().get(`/p/${owner.practice.slug}`).expect(200);
      expect(page.text).toContain('12 River Road');
      expect(page.text).toContain('hello@riverside.example');
      expect(page.text).toContain('Mon–Thu 9–5');
      await put(ana, '/practice', practice).expect(403);
    });

    it.each([
      [
        'a time zone that does not exist',
        { timeZone: 'Mars/Olympus_Mons' },
        'timeZone',
        'is not a time zone Ayni knows; use a name such as America/Chicago or Europe/Madrid',
      ],
      ['a locale that does not exist', { locale: 'xx-QQQ-not' }, 'locale', 'is not a locale Ayni knows; use a tag such as en-US or es-MX'],
      ['an unknown currency', { currency: 'ABC' }, 'currency', 'is not an ISO 4217 currency code'],
      ['a malformed e-mail', { publicEmail: 'hello@' }, 'publicEmail', 'must be an e-mail address like hello@example.org'],
    ])('refuses %s, naming the field', async (_label, change, field, message) => {
      const res = await put(owner, '/practice', { ...practice, ...change }).expect(400);
      expect(res.body.fields[field]).toBe(message);
    });

    it('keeps every typed value when the page form is refused', async () => {
      const form = await owner.agent.get('/practice').expect(200);
      const res = await owner.agent
        .post('/practice')
        .type('form')
        .send({ _csrf: csrfFrom(form.text), ...practice, phone: '555 0199', timeZone: 'Nowhere/Else' })
        .expect(400);
      expect(res.text).toContain('is not a time zone Ayni knows');
      expect(res.text).toContain('value="555 0199"');
      expect(res.text).toContain('value="Nowhere/Else"');
    });
  });
});
