-- Sessions, seats and confirmation e-mails (#14). The seed's tables keep their columns; this
-- adds a table of dated sessions per course, the enrollment's chosen session and reference
-- number, the waitlist status, and the e-mail outbox with the admin's template overrides.

-- A course sold on given dates, in a given place, for a given number of seats.
CREATE TABLE formation_sessions (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  formation_id UUID NOT NULL REFERENCES formations(id) ON DELETE CASCADE,
  -- An instant (entered in Casablanca time by the admin, see SiteTime).
  starts_at TIMESTAMPTZ NOT NULL,
  -- The last day of the session, a calendar date in Casablanca.
  ends_on DATE NOT NULL,
  -- In person: city and address. Online: the link (city and address empty).
  city TEXT,
  address TEXT,
  online_url TEXT,
  -- The language the session is taught in.
  language TEXT NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'ar', 'both')),
  seats INTEGER NOT NULL CHECK (seats >= 0 AND seats <= 10000),
  -- Overrides the course's price_ht for this session when set.
  price_ht DECIMAL(10,2) CHECK (price_ht IS NULL OR price_ht >= 0),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'cancelled')),
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX formation_sessions_course_start ON formation_sessions (formation_id, starts_at);
-- The catalog's month filter and "next date": open sessions by start.
CREATE INDEX formation_sessions_open_start ON formation_sessions (starts_at) WHERE status = 'open';
CREATE TRIGGER trigger_formation_sessions_updated_at
BEFORE UPDATE ON formation_sessions
FOR EACH ROW EXECUTE FUNCTION update_updated_at();

-- The session the visitor chose. SET NULL: deleting a session never erases who enrolled.
ALTER TABLE enrollments ADD COLUMN session_id UUID REFERENCES formation_sessions(id) ON DELETE SET NULL;
CREATE INDEX enrollments_session ON enrollments (session_id, status);

-- A full session takes enrollments on a waitlist.
ALTER TABLE enrollments DROP CONSTRAINT enrollments_status_check;
ALTER TABLE enrollments ADD CONSTRAINT enrollments_status_check
  CHECK (status IN ('new', 'to_confirm', 'confirmed', 'cancelled', 'waitlist'));

-- A number a visitor can read out on the phone ("BC-000123"). Existing rows get one too.
CREATE SEQUENCE enrollment_reference_seq;
ALTER TABLE enrollments ADD COLUMN reference_number BIGINT NOT NULL DEFAULT nextval('enrollment_reference_seq');
ALTER SEQUENCE enrollment_reference_seq OWNED BY enrollments.reference_number;
CREATE UNIQUE INDEX enrollments_reference_number ON enrollments (reference_number);

-- E-mails to visitors and to the team, written in the same transaction as what causes them
-- (an enrollment, a status change) and sent by the mail worker with retries. The message is
-- stored as rendered, so the admin sees exactly what was (or will be) sent.
CREATE TABLE email_outbox (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  -- received, waitlist, confirmed, cancelled (to the visitor), team (to NOTIFY_EMAIL).
  kind TEXT NOT NULL,
  language TEXT NOT NULL CHECK (language IN ('fr', 'ar')),
  enrollment_id UUID REFERENCES enrollments(id) ON DELETE CASCADE,
  to_addresses TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  -- The .ics attachment, when the message has one.
  calendar TEXT,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  locked_until TIMESTAMPTZ,
  locked_by TEXT,
  last_error TEXT,
  sent_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX email_outbox_due ON email_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX email_outbox_created ON email_outbox (created_at);
CREATE INDEX email_outbox_enrollment ON email_outbox (enrollment_id);

CREATE FUNCTION notify_email_outbox() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('email_outbox', '');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER email_outbox_notify
AFTER INSERT OR UPDATE OF next_attempt_at ON email_outbox
FOR EACH STATEMENT EXECUTE FUNCTION notify_email_outbox();

-- The admin's versions of the visitor e-mail templates (Templates/email/visitor.{lang}.*
-- otherwise), one row per language and part.
CREATE TABLE email_templates (
  language TEXT NOT NULL CHECK (language IN ('fr', 'ar')),
  part TEXT NOT NULL CHECK (part IN ('subject', 'html', 'text')),
  body TEXT NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  PRIMARY KEY (language, part)
);
