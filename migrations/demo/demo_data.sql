-- demo/demo_data.sql — demo catalogue of BCOS, a Moroccan training company (French / Arabic).
--
-- NOT a migration. The app loads this file once, in one transaction, on first run when the
-- formations table is empty (bcos serve without DATABASE_URL, or bcos serve --demo). It needs
-- migrations 001–011. Edit freely: it is not checksummed.
--
-- Fixed ids, so tests can refer to them:
--   categories  00000000-0000-4000-8000-0000000000c1 … c5
--   courses     00000000-0000-4000-8000-0000000000f1 … f9 (published), …fa (draft, empty form)
--
-- Conventions: level is an ASCII code ('debutant', 'intermediaire', 'avance') translated by the
-- app; duration is stored in French as in the seed; price_ttc = price_ht × (1 + vat_rate / 100);
-- the legacy columns title, description and price repeat title_fr, description_fr and price_ttc.
-- Each published course has its own inscription_form_fields; the draft has [] (default form).

-- ---------------------------------------------------------------------------------------------
-- Categories
-- ---------------------------------------------------------------------------------------------
INSERT INTO categories (id, slug, name, description, name_fr, name_ar, description_fr, description_ar, icon, color, display_order) VALUES
  ('00000000-0000-4000-8000-0000000000c1', 'management-leadership',
   'Management & Leadership', 'Développer ses compétences managériales, conduire les équipes et les projets.',
   'Management & Leadership', 'الإدارة والقيادة',
   'Développer ses compétences managériales, conduire les équipes et les projets.',
   'تطوير الكفاءات الإدارية وقيادة الفرق والمشاريع.',
   '💼', '#1d4ed8', 1),
  ('00000000-0000-4000-8000-0000000000c2', 'digital-informatique',
   'Digital & Informatique', 'Bureautique avancée, marketing digital et outils numériques au service de la performance.',
   'Digital & Informatique', 'الرقمنة وتكنولوجيا المعلومات',
   'Bureautique avancée, marketing digital et outils numériques au service de la performance.',
   'التطبيقات المكتبية المتقدمة والتسويق الرقمي والأدوات الرقمية في خدمة الأداء.',
   '💻', '#6d28d9', 2),
  ('00000000-0000-4000-8000-0000000000c3', 'finance-comptabilite',
   'Finance & Comptabilité', 'Comprendre les chiffres, maîtriser la fiscalité et piloter la performance financière.',
   'Finance & Comptabilité', 'المالية والمحاسبة',
   'Comprendre les chiffres, maîtriser la fiscalité et piloter la performance financière.',
   'فهم الأرقام وإتقان الجباية وقيادة الأداء المالي.',
   '📊', '#15803d', 3),
  ('00000000-0000-4000-8000-0000000000c4', 'qualite-hse',
   'Qualité & HSE', 'Normes ISO, prévention des risques professionnels et amélioration continue.',
   'Qualité & HSE', 'الجودة والصحة والسلامة والبيئة',
   'Normes ISO, prévention des risques professionnels et amélioration continue.',
   'معايير ISO والوقاية من المخاطر المهنية والتحسين المستمر.',
   '🛡️', '#b91c1c', 4),
  ('00000000-0000-4000-8000-0000000000c5', 'langues-communication',
   'Langues & Communication', 'Langues étrangères, prise de parole et communication professionnelle.',
   'Langues & Communication', 'اللغات والتواصل',
   'Langues étrangères, prise de parole et communication professionnelle.',
   'اللغات الأجنبية وفن الإلقاء والتواصل المهني.',
   '🗣️', '#b45309', 5);

-- ---------------------------------------------------------------------------------------------
-- BCOS-MGT-101 — Management d'équipe et leadership
-- ---------------------------------------------------------------------------------------------
INSERT INTO formations (
  id, slug, reference, category_id,
  title, description,
  title_fr, title_ar,
  description_fr, description_ar,
  content_fr, content_ar,
  objectives_fr, objectives_ar,
  prerequisites_fr, prerequisites_ar,
  program_fr, program_ar,
  target_audience_fr, target_audience_ar,
  price, price_ht, vat_rate, price_ttc, currency,
  duration, level, max_participants, tags, cover_image_url,
  is_published, is_online, is_popular, is_active,
  inscription_form_fields
) VALUES (
  '00000000-0000-4000-8000-0000000000f1', 'management-d-equipe-et-leadership', 'BCOS-MGT-101', '00000000-0000-4000-8000-0000000000c1',
  'Management d''équipe et leadership', 'Trois jours pour passer du rôle d''expert à celui de manager reconnu par son équipe. Vous apprendrez à fixer un cap clair, à déléguer avec confiance et à motiver chaque collaborateur selon son profil. Une formation très pratique, rythmée par des mises en situation inspirées de votre quotidien.',
  'Management d''équipe et leadership',
  'إدارة الفرق والقيادة',
  'Trois jours pour passer du rôle d''expert à celui de manager reconnu par son équipe. Vous apprendrez à fixer un cap clair, à déléguer avec confiance et à motiver chaque collaborateur selon son profil. Une formation très pratique, rythmée par des mises en situation inspirées de votre quotidien.',
  'ثلاثة أيام للانتقال من دور الخبير إلى دور المدير الذي يحظى بثقة فريقه. ستتعلم كيف تحدد توجهًا واضحًا، وتفوّض المهام بثقة، وتحفّز كل فرد من أفراد فريقك وفق شخصيته. تكوين تطبيقي بامتياز، تتخلله تمارين محاكاة مستوحاة من واقعك المهني اليومي.',
  '<h2>Pourquoi cette formation ?</h2>
<p>Beaucoup de managers sont promus pour leurs compétences techniques, sans avoir appris à diriger une équipe. Cette formation leur donne des outils concrets pour organiser le travail, communiquer avec assertivité et faire grandir leurs collaborateurs.</p>
<h2>Une pédagogie active</h2>
<ul>
<li>Autodiagnostic de votre style de management</li>
<li>Jeux de rôle filmés puis débriefés en groupe</li>
<li>Études de cas issues d''entreprises marocaines</li>
<li>Plan d''action individuel à mettre en œuvre dès votre retour</li>
</ul>',
  '<h2>لماذا هذا التكوين؟</h2>
<p>يُرقّى كثير من المديرين بفضل كفاءاتهم التقنية دون أن يتعلموا كيف يقودون فريقًا. ويمنحهم هذا التكوين أدوات عملية لتنظيم العمل، والتواصل بحزم واحترام، وتنمية قدرات أعضاء فرقهم.</p>
<h2>منهجية تعليمية تفاعلية</h2>
<ul>
<li>تشخيص ذاتي لأسلوبك في الإدارة</li>
<li>لعب أدوار مصوَّر تتبعه مناقشة جماعية</li>
<li>دراسات حالة مستقاة من شركات مغربية</li>
<li>خطة عمل فردية تطبّقها فور عودتك إلى العمل</li>
</ul>',
  ARRAY['Identifier son style de management et l''adapter à chaque situation', 'Fixer des objectifs clairs et mesurables à son équipe', 'Déléguer efficacement et assurer le suivi', 'Motiver ses collaborateurs et désamorcer les tensions', 'Conduire des entretiens individuels constructifs']::text[],
  ARRAY['التعرّف على أسلوبك في الإدارة وتكييفه مع كل موقف', 'تحديد أهداف واضحة وقابلة للقياس لفريقك', 'تفويض المهام بفعالية وضمان تتبعها', 'تحفيز أعضاء الفريق ومعالجة الخلافات', 'إجراء مقابلات فردية بنّاءة']::text[],
  'Encadrer une équipe ou s''apprêter à le faire. Aucune connaissance théorique préalable n''est requise.',
  'أن تكون مسؤولًا عن فريق أو مقبلًا على ذلك. ولا تُشترط أي معرفة نظرية مسبقة.',
  '<ul>
<li><strong>Jour 1 — Le rôle du manager :</strong> missions, postures et styles de management ; fixer le cap et des objectifs SMART.</li>
<li><strong>Jour 2 — Communiquer et motiver :</strong> écoute active, feedback, leviers de motivation, délégation.</li>
<li><strong>Jour 3 — Gérer les situations délicates :</strong> recadrage, gestion des conflits, conduite d''entretiens ; plan d''action personnel.</li>
</ul>',
  '<ul>
<li><strong>اليوم الأول — دور المدير:</strong> المهام والمواقف وأساليب الإدارة؛ تحديد التوجه ووضع أهداف SMART.</li>
<li><strong>اليوم الثاني — التواصل والتحفيز:</strong> الإنصات الفعّال، والتغذية الراجعة، ومحفّزات الأداء، وتفويض المهام.</li>
<li><strong>اليوم الثالث — التعامل مع المواقف الحساسة:</strong> تقويم السلوك المهني، وإدارة النزاعات، وإجراء المقابلات؛ خطة عمل شخصية.</li>
</ul>',
  'Managers de proximité, chefs d''équipe et responsables de service, nouvellement nommés ou expérimentés, qui souhaitent consolider leurs pratiques.',
  'المشرفون المباشرون ورؤساء الفرق ورؤساء المصالح، سواء المعيَّنون حديثًا أو ذوو الخبرة الراغبون في تعزيز ممارساتهم.',
  5400.00, 4500.00, 20.00, 5400.00, 'MAD',
  '3 jours', 'intermediaire', 12, ARRAY['management', 'leadership', 'délégation', 'motivation']::text[], NULL,
  true, false, true, true,
  '[
  {"id": "field_1", "name": "full_name", "type": "text", "label_fr": "Nom complet", "label_ar": "الاسم الكامل", "placeholder_fr": "Ex. : Salma Bennani", "placeholder_ar": "مثال: سلمى بناني", "required": true, "order": 1},
  {"id": "field_2", "name": "email", "type": "email", "label_fr": "Adresse e-mail", "label_ar": "البريد الإلكتروني", "placeholder_fr": "nom@entreprise.ma", "placeholder_ar": "name@company.ma", "required": true, "order": 2},
  {"id": "field_3", "name": "phone", "type": "phone", "label_fr": "Téléphone", "label_ar": "رقم الهاتف", "placeholder_fr": "+212 6 12 34 56 78", "placeholder_ar": "+212 6 12 34 56 78", "required": true, "order": 3},
  {"id": "field_4", "name": "company", "type": "text", "label_fr": "Entreprise", "label_ar": "المؤسسة", "placeholder_fr": "Nom de votre entreprise", "placeholder_ar": "اسم مؤسستك", "required": false, "order": 4},
  {"id": "field_5", "name": "position", "type": "text", "label_fr": "Fonction", "label_ar": "المنصب", "placeholder_fr": "Ex. : Chef d''équipe", "placeholder_ar": "مثال: رئيس فريق", "required": false, "order": 5},
  {"id": "field_6", "name": "experience_level", "type": "select", "label_fr": "Votre expérience du management", "label_ar": "خبرتك في الإدارة", "options": [{"value": "none", "label_fr": "Je n''encadre pas encore d''équipe", "label_ar": "لم أُكلَّف بقيادة فريق بعد"}, {"value": "less_than_2_years", "label_fr": "Moins de 2 ans", "label_ar": "أقل من سنتين"}, {"value": "2_years_or_more", "label_fr": "2 ans ou plus", "label_ar": "سنتان أو أكثر"}], "required": false, "order": 6},
  {"id": "field_7", "name": "motivation", "type": "textarea", "label_fr": "Vos attentes", "label_ar": "توقعاتك", "placeholder_fr": "Quelles situations managériales aimeriez-vous mieux maîtriser ?", "placeholder_ar": "ما المواقف الإدارية التي تودّ التحكم فيها بشكل أفضل؟", "required": false, "order": 7},
  {"id": "field_8", "name": "how_did_you_hear", "type": "select", "label_fr": "Comment avez-vous connu BCOS ?", "label_ar": "كيف تعرّفت على BCOS؟", "options": [{"value": "google", "label_fr": "Google", "label_ar": "جوجل"}, {"value": "social", "label_fr": "Réseaux sociaux", "label_ar": "وسائل التواصل الاجتماعي"}, {"value": "referral", "label_fr": "Recommandation", "label_ar": "توصية"}, {"value": "other", "label_fr": "Autre", "label_ar": "أخرى"}], "required": false, "order": 8},
  {"id": "field_9", "name": "accept_terms", "type": "checkbox", "label_fr": "J''accepte les conditions générales de vente et le traitement de mes données personnelles par BCOS.", "label_ar": "أوافق على الشروط العامة للبيع وعلى معالجة BCOS لمعطياتي الشخصية.", "required": true, "order": 9}
]'::jsonb
);

-- ---------------------------------------------------------------------------------------------
-- BCOS-MGT-201 — Gestion de projet agile avec Scrum
-- ---------------------------------------------------------------------------------------------
INSERT INTO formations (
  id, slug, reference, category_id,
  title, description,
  title_fr, title_ar,
  description_fr, description_ar,
  content_fr, content_ar,
  objectives_fr, objectives_ar,
  prerequisites_fr, prerequisites_ar,
  program_fr, program_ar,
  target_audience_fr, target_audience_ar,
  price, price_ht, vat_rate, price_ttc, currency,
  duration, level, max_participants, tags, cover_image_url,
  is_published, is_online, is_popular, is_active,
  inscription_form_fields
) VALUES (
  '00000000-0000-4000-8000-0000000000f2', 'gestion-de-projet-agile-avec-scrum', 'BCOS-MGT-201', '00000000-0000-4000-8000-0000000000c1',
  'Gestion de projet agile avec Scrum', 'Découvrez comment livrer plus vite ce qui compte vraiment pour vos clients. Cette formation en classe virtuelle présente les valeurs agiles ainsi que les rôles, les événements et les artefacts de Scrum, puis vous fait vivre un sprint complet en équipe.',
  'Gestion de projet agile avec Scrum',
  'إدارة المشاريع وفق المنهجية الرشيقة وإطار Scrum',
  'Découvrez comment livrer plus vite ce qui compte vraiment pour vos clients. Cette formation en classe virtuelle présente les valeurs agiles ainsi que les rôles, les événements et les artefacts de Scrum, puis vous fait vivre un sprint complet en équipe.',
  'اكتشف كيف تُنجز بسرعة أكبر ما يهمّ عملاءك فعلًا. يقدّم هذا التكوين، عبر فصل افتراضي، قيم المنهجية الرشيقة (Agile) وأدوار إطار Scrum وأحداثه ومخرجاته، ثم يتيح لك خوض دورة عمل (Sprint) كاملة ضمن فريق.',
  '<h2>Ce que vous allez vivre</h2>
<p>En alternant apports courts et ateliers collaboratifs sur un tableau blanc en ligne, la formation vous place dans la peau d''une équipe Scrum qui construit un produit réel, du backlog à la rétrospective.</p>
<ul>
<li>Rédaction de user stories et estimation en points</li>
<li>Planification et revue de sprint</li>
<li>Suivi visuel avec un tableau Kanban et un burndown chart</li>
</ul>
<h2>Format</h2>
<p>Quatre demi-journées en classe virtuelle, animées par un formateur certifié Professional Scrum Master.</p>',
  '<h2>ما ستعيشه خلال التكوين</h2>
<p>يجمع التكوين بين عروض قصيرة وورشات تعاونية على سبورة رقمية، ويضعك في مكان فريق Scrum يطوّر منتجًا حقيقيًا، من إعداد قائمة المهام (Backlog) إلى الاجتماع الاسترجاعي.</p>
<ul>
<li>صياغة قصص المستخدم (User Stories) وتقديرها بالنقاط</li>
<li>تخطيط دورة العمل ومراجعتها</li>
<li>التتبع المرئي بواسطة لوحة Kanban ومخطط العمل المتبقي (Burndown)</li>
</ul>
<h2>صيغة التكوين</h2>
<p>أربعة أنصاف أيام في فصل افتراضي، يؤطّرها مكوّن حاصل على شهادة Professional Scrum Master.</p>',
  ARRAY['Comprendre les valeurs et les principes du Manifeste agile', 'Maîtriser les rôles, les événements et les artefacts de Scrum', 'Construire et prioriser un backlog produit', 'Animer les cérémonies d''un sprint']::text[],
  ARRAY['فهم قيم البيان الرشيق (Agile Manifesto) ومبادئه', 'إتقان أدوار إطار Scrum وأحداثه ومخرجاته', 'بناء قائمة مهام المنتج وترتيب أولوياتها', 'تنشيط الاجتماعات الخاصة بكل دورة عمل']::text[],
  'Avoir déjà participé à un projet, quel que soit le domaine. Une connexion internet stable et une webcam sont nécessaires.',
  'المشاركة سابقًا في مشروع واحد على الأقل، أيًّا كان مجاله. ويلزم توفّر اتصال مستقر بالإنترنت وكاميرا ويب.',
  '<ul>
<li><strong>Module 1 — L''agilité :</strong> limites du cycle en V, Manifeste agile, panorama des méthodes.</li>
<li><strong>Module 2 — Le cadre Scrum :</strong> Product Owner, Scrum Master, développeurs ; événements et artefacts.</li>
<li><strong>Module 3 — Le backlog :</strong> user stories, critères d''acceptation, estimation et priorisation.</li>
<li><strong>Module 4 — Un sprint en pratique :</strong> simulation complète, indicateurs, rétrospective.</li>
</ul>',
  '<ul>
<li><strong>الوحدة الأولى — المنهجية الرشيقة:</strong> حدود نموذج الدورة على شكل V، والبيان الرشيق، ونظرة عامة على المناهج.</li>
<li><strong>الوحدة الثانية — إطار Scrum:</strong> مالك المنتج، ومسؤول Scrum، والمطوّرون؛ الأحداث والمخرجات.</li>
<li><strong>الوحدة الثالثة — قائمة المهام:</strong> قصص المستخدم، ومعايير القبول، والتقدير، وترتيب الأولويات.</li>
<li><strong>الوحدة الرابعة — دورة عمل في الواقع:</strong> محاكاة كاملة، ومؤشرات الأداء، والاجتماع الاسترجاعي.</li>
</ul>',
  'Chefs de projet, product owners, membres d''équipes projet et managers qui souhaitent adopter une approche agile.',
  'رؤساء المشاريع، ومالكو المنتجات، وأعضاء فرق المشاريع، والمديرون الراغبون في اعتماد مقاربة رشيقة.',
  4560.00, 3800.00, 20.00, 4560.00, 'MAD',
  '14 heures', 'intermediaire', 15, ARRAY['agile', 'scrum', 'gestion de projet', 'classe virtuelle']::text[], NULL,
  true, true, false, true,
  '[
  {"id": "field_1", "name": "full_name", "type": "text", "label_fr": "Nom complet", "label_ar": "الاسم الكامل", "placeholder_fr": "Ex. : Salma Bennani", "placeholder_ar": "مثال: سلمى بناني", "required": true, "order": 1},
  {"id": "field_2", "name": "email", "type": "email", "label_fr": "Adresse e-mail", "label_ar": "البريد الإلكتروني", "placeholder_fr": "nom@entreprise.ma", "placeholder_ar": "name@company.ma", "required": true, "order": 2},
  {"id": "field_3", "name": "phone", "type": "phone", "label_fr": "Téléphone", "label_ar": "رقم الهاتف", "placeholder_fr": "+212 6 12 34 56 78", "placeholder_ar": "+212 6 12 34 56 78", "required": true, "order": 3},
  {"id": "field_4", "name": "company", "type": "text", "label_fr": "Entreprise", "label_ar": "المؤسسة", "placeholder_fr": "Nom de votre entreprise", "placeholder_ar": "اسم مؤسستك", "required": false, "order": 4},
  {"id": "field_5", "name": "position", "type": "text", "label_fr": "Fonction", "label_ar": "المنصب", "placeholder_fr": "Ex. : Chef d''équipe", "placeholder_ar": "مثال: رئيس فريق", "required": false, "order": 5},
  {"id": "field_6", "name": "experience_level", "type": "select", "label_fr": "Votre pratique de l''agilité", "label_ar": "ممارستك للمنهجية الرشيقة", "options": [{"value": "debutant", "label_fr": "Je découvre", "label_ar": "أكتشفها لأول مرة"}, {"value": "intermediaire", "label_fr": "Je l''ai déjà pratiquée", "label_ar": "سبق لي أن مارستها"}, {"value": "avance", "label_fr": "Je la pratique au quotidien", "label_ar": "أمارسها بشكل يومي"}], "required": false, "order": 6},
  {"id": "field_7", "name": "preferred_date", "type": "date", "label_fr": "Date de session souhaitée", "label_ar": "تاريخ الدورة المفضّل", "required": false, "order": 7},
  {"id": "field_8", "name": "how_did_you_hear", "type": "select", "label_fr": "Comment avez-vous connu BCOS ?", "label_ar": "كيف تعرّفت على BCOS؟", "options": [{"value": "google", "label_fr": "Google", "label_ar": "جوجل"}, {"value": "social", "label_fr": "Réseaux sociaux", "label_ar": "وسائل التواصل الاجتماعي"}, {"value": "referral", "label_fr": "Recommandation", "label_ar": "توصية"}, {"value": "other", "label_fr": "Autre", "label_ar": "أخرى"}], "required": false, "order": 8},
  {"id": "field_9", "name": "accept_terms", "type": "checkbox", "label_fr": "J''accepte les conditions générales de vente et le traitement de mes données personnelles par BCOS.", "label_ar": "أوافق على الشروط العامة للبيع وعلى معالجة BCOS لمعطياتي الشخصية.", "required": true, "order": 9}
]'::jsonb
);

-- ---------------------------------------------------------------------------------------------
-- BCOS-DIG-101 — Excel avancé et tableaux de bord
-- ---------------------------------------------------------------------------------------------
INSERT INTO formations (
  id, slug, reference, category_id,
  title, description,
  title_fr, title_ar,
  description_fr, description_ar,
  content_fr, content_ar,
  objectives_fr, objectives_ar,
  prerequisites_fr, prerequisites_ar,
  program_fr, program_ar,
  target_audience_fr, target_audience_ar,
  price, price_ht, vat_rate, price_ttc, currency,
  duration, level, max_participants, tags, cover_image_url,
  is_published, is_online, is_popular, is_active,
  inscription_form_fields
) VALUES (
  '00000000-0000-4000-8000-0000000000f3', 'excel-avance-et-tableaux-de-bord', 'BCOS-DIG-101', '00000000-0000-4000-8000-0000000000c2',
  'Excel avancé et tableaux de bord', 'Gagnez des heures chaque semaine en automatisant vos analyses. Vous maîtriserez les fonctions de recherche, les tableaux croisés dynamiques et Power Query, puis construirez un tableau de bord interactif prêt à être présenté à votre direction.',
  'Excel avancé et tableaux de bord',
  'الاستخدام المتقدم لبرنامج Excel وإعداد لوحات القيادة',
  'Gagnez des heures chaque semaine en automatisant vos analyses. Vous maîtriserez les fonctions de recherche, les tableaux croisés dynamiques et Power Query, puis construirez un tableau de bord interactif prêt à être présenté à votre direction.',
  'وفّر ساعات من العمل كل أسبوع بأتمتة تحليلاتك. ستتقن دوال البحث والجداول المحورية وأداة Power Query، ثم تبني لوحة قيادة تفاعلية جاهزة للعرض على إدارتك.',
  '<h2>Une formation 100 % pratique</h2>
<p>Chaque notion est appliquée immédiatement sur des fichiers réalistes : ventes, stocks, ressources humaines. Vous repartez avec vos classeurs d''exercices et un modèle de tableau de bord réutilisable.</p>
<h2>Les points forts</h2>
<ul>
<li>Fonctions RECHERCHEX, INDEX/EQUIV et SOMME.SI.ENS</li>
<li>Tableaux croisés dynamiques et segments</li>
<li>Import et nettoyage de données avec Power Query</li>
<li>Graphiques dynamiques et mise en forme conditionnelle</li>
</ul>',
  '<h2>تكوين تطبيقي بالكامل</h2>
<p>تُطبَّق كل فكرة فورًا على ملفات واقعية تخص المبيعات والمخزون والموارد البشرية. وتغادر التكوين حاملًا ملفات التمارين ونموذجًا للوحة قيادة قابلًا لإعادة الاستخدام.</p>
<h2>أبرز المحاور</h2>
<ul>
<li>الدوال XLOOKUP و INDEX/MATCH و SUMIFS</li>
<li>الجداول المحورية وأدوات التصفية (Slicers)</li>
<li>استيراد البيانات وتنقيتها باستخدام Power Query</li>
<li>الرسوم البيانية الديناميكية والتنسيق الشرطي</li>
</ul>',
  ARRAY['Utiliser les fonctions de recherche et les fonctions conditionnelles avancées', 'Analyser de grands volumes de données avec les tableaux croisés dynamiques', 'Automatiser l''import et la préparation des données avec Power Query', 'Concevoir un tableau de bord clair et interactif']::text[],
  ARRAY['استخدام دوال البحث والدوال الشرطية المتقدمة', 'تحليل كميات كبيرة من البيانات بواسطة الجداول المحورية', 'أتمتة استيراد البيانات وتهيئتها باستخدام Power Query', 'تصميم لوحة قيادة واضحة وتفاعلية']::text[],
  'Maîtriser les bases d''Excel : saisie, formules simples, mise en forme et fonction SI.',
  'إتقان أساسيات Excel: إدخال البيانات، والصيغ البسيطة، والتنسيق، والدالة IF.',
  '<ul>
<li><strong>Jour 1 — Calculs et analyse :</strong> fonctions de recherche et fonctions conditionnelles, tableaux structurés, tableaux croisés dynamiques.</li>
<li><strong>Jour 2 — Automatisation et restitution :</strong> Power Query, graphiques dynamiques, construction du tableau de bord.</li>
</ul>',
  '<ul>
<li><strong>اليوم الأول — الحساب والتحليل:</strong> دوال البحث والدوال الشرطية، والجداول المنظَّمة، والجداول المحورية.</li>
<li><strong>اليوم الثاني — الأتمتة وعرض النتائج:</strong> أداة Power Query، والرسوم البيانية الديناميكية، وبناء لوحة القيادة.</li>
</ul>',
  'Contrôleurs de gestion, assistants de direction, comptables, commerciaux et toute personne qui produit des analyses ou des reportings sous Excel.',
  'مراقبو التسيير، ومساعدو الإدارة، والمحاسبون، والمسؤولون التجاريون، وكل من يُعِدّ تحليلات أو تقارير دورية باستخدام Excel.',
  3480.00, 2900.00, 20.00, 3480.00, 'MAD',
  '2 jours', 'avance', 10, ARRAY['excel', 'power query', 'tableau de bord', 'bureautique']::text[], NULL,
  true, true, true, true,
  '[
  {"id": "field_1", "name": "full_name", "type": "text", "label_fr": "Nom complet", "label_ar": "الاسم الكامل", "placeholder_fr": "Ex. : Salma Bennani", "placeholder_ar": "مثال: سلمى بناني", "required": true, "order": 1},
  {"id": "field_2", "name": "email", "type": "email", "label_fr": "Adresse e-mail", "label_ar": "البريد الإلكتروني", "placeholder_fr": "nom@entreprise.ma", "placeholder_ar": "name@company.ma", "required": true, "order": 2},
  {"id": "field_3", "name": "phone", "type": "phone", "label_fr": "Téléphone", "label_ar": "رقم الهاتف", "placeholder_fr": "+212 6 12 34 56 78", "placeholder_ar": "+212 6 12 34 56 78", "required": true, "order": 3},
  {"id": "field_4", "name": "company", "type": "text", "label_fr": "Entreprise", "label_ar": "المؤسسة", "placeholder_fr": "Nom de votre entreprise", "placeholder_ar": "اسم مؤسستك", "required": false, "order": 4},
  {"id": "field_5", "name": "experience_level", "type": "select", "label_fr": "Votre niveau actuel sur Excel", "label_ar": "مستواك الحالي في Excel", "options": [{"value": "debutant", "label_fr": "Débutant", "label_ar": "مبتدئ"}, {"value": "intermediaire", "label_fr": "Intermédiaire", "label_ar": "متوسط"}, {"value": "avance", "label_fr": "Confirmé", "label_ar": "متقدم"}], "required": false, "order": 5},
  {"id": "field_6", "name": "excel_version", "type": "select", "label_fr": "Version d''Excel utilisée", "label_ar": "إصدار Excel الذي تستعمله", "options": [{"value": "365", "label_fr": "Microsoft 365", "label_ar": "Microsoft 365"}, {"value": "2021", "label_fr": "Excel 2021", "label_ar": "Excel 2021"}, {"value": "2019", "label_fr": "Excel 2019 ou antérieure", "label_ar": "Excel 2019 أو إصدار أقدم"}, {"value": "unknown", "label_fr": "Je ne sais pas", "label_ar": "لا أعرف"}], "required": true, "order": 6},
  {"id": "field_7", "name": "preferred_date", "type": "date", "label_fr": "Date de début souhaitée", "label_ar": "تاريخ البدء المفضّل", "required": false, "order": 7},
  {"id": "field_8", "name": "motivation", "type": "textarea", "label_fr": "Quels fichiers souhaitez-vous améliorer ?", "label_ar": "ما الملفات التي ترغب في تحسينها؟", "placeholder_fr": "Ex. : reporting commercial mensuel, suivi des stocks…", "placeholder_ar": "مثال: التقرير التجاري الشهري، تتبع المخزون…", "required": false, "order": 8},
  {"id": "field_9", "name": "how_did_you_hear", "type": "select", "label_fr": "Comment avez-vous connu BCOS ?", "label_ar": "كيف تعرّفت على BCOS؟", "options": [{"value": "google", "label_fr": "Google", "label_ar": "جوجل"}, {"value": "social", "label_fr": "Réseaux sociaux", "label_ar": "وسائل التواصل الاجتماعي"}, {"value": "referral", "label_fr": "Recommandation", "label_ar": "توصية"}, {"value": "other", "label_fr": "Autre", "label_ar": "أخرى"}], "required": false, "order": 9}
]'::jsonb
);

-- ---------------------------------------------------------------------------------------------
-- BCOS-DIG-201 — Marketing digital et réseaux sociaux
-- ---------------------------------------------------------------------------------------------
INSERT INTO formations (
  id, slug, reference, category_id,
  title, description,
  title_fr, title_ar,
  description_fr, description_ar,
  content_fr, content_ar,
  objectives_fr, objectives_ar,
  prerequisites_fr, prerequisites_ar,
  program_fr, program_ar,
  target_audience_fr, target_audience_ar,
  price, price_ht, vat_rate, price_ttc, currency,
  duration, level, max_participants, tags, cover_image_url,
  is_published, is_online, is_popular, is_active,
  inscription_form_fields
) VALUES (
  '00000000-0000-4000-8000-0000000000f4', 'marketing-digital-et-reseaux-sociaux', 'BCOS-DIG-201', '00000000-0000-4000-8000-0000000000c2',
  'Marketing digital et réseaux sociaux', 'Construisez une présence en ligne qui attire de vrais clients. En trois jours, vous apprendrez à définir votre stratégie, à créer des contenus engageants pour Facebook, Instagram et LinkedIn, et à piloter des campagnes publicitaires rentables.',
  'Marketing digital et réseaux sociaux',
  'التسويق الرقمي وشبكات التواصل الاجتماعي',
  'Construisez une présence en ligne qui attire de vrais clients. En trois jours, vous apprendrez à définir votre stratégie, à créer des contenus engageants pour Facebook, Instagram et LinkedIn, et à piloter des campagnes publicitaires rentables.',
  'ابنِ حضورًا رقميًا يستقطب عملاء حقيقيين. ستتعلم في ثلاثة أيام كيف تضع استراتيجيتك، وتُنشئ محتوى جذابًا على فيسبوك وإنستغرام ولينكدإن، وتدير حملات إعلانية مربحة.',
  '<h2>Du plan à l''action</h2>
<p>La formation suit la démarche d''une vraie campagne : analyse de la cible, choix des canaux, calendrier éditorial, création, publicité payante et mesure des résultats. Chaque participant travaille sur le projet de sa propre entreprise.</p>
<ul>
<li>Ateliers de création de visuels et de vidéos courtes sur smartphone</li>
<li>Paramétrage en direct d''une campagne Meta Ads</li>
<li>Lecture des statistiques et optimisation</li>
</ul>',
  '<h2>من التخطيط إلى التنفيذ</h2>
<p>يتتبّع التكوين مراحل حملة حقيقية: تحليل الفئة المستهدفة، واختيار القنوات، وإعداد جدول النشر، وإنتاج المحتوى، والإعلان المدفوع، وقياس النتائج. ويشتغل كل مشارك على مشروع مؤسسته.</p>
<ul>
<li>ورشات لتصميم الصور ومقاطع الفيديو القصيرة بالهاتف الذكي</li>
<li>إعداد حملة على Meta Ads بشكل مباشر</li>
<li>قراءة الإحصائيات وتحسين الأداء</li>
</ul>',
  ARRAY['Définir une stratégie digitale alignée sur ses objectifs commerciaux', 'Choisir les réseaux sociaux adaptés à sa cible', 'Créer un calendrier éditorial et des contenus engageants', 'Lancer et optimiser une campagne publicitaire', 'Mesurer les résultats avec les bons indicateurs']::text[],
  ARRAY['وضع استراتيجية رقمية منسجمة مع الأهداف التجارية', 'اختيار شبكات التواصل الاجتماعي الملائمة للفئة المستهدفة', 'إعداد جدول للنشر وإنتاج محتوى جذاب', 'إطلاق حملة إعلانية وتحسين أدائها', 'قياس النتائج بواسطة المؤشرات المناسبة']::text[],
  'Utiliser couramment un smartphone et au moins un réseau social. Apporter son ordinateur portable.',
  'استخدام الهاتف الذكي وإحدى شبكات التواصل الاجتماعي على الأقل بشكل منتظم، مع إحضار حاسوب محمول.',
  '<ul>
<li><strong>Jour 1 — Stratégie :</strong> persona, parcours client, objectifs et choix des canaux.</li>
<li><strong>Jour 2 — Contenus :</strong> ligne éditoriale, formats qui performent, outils de création gratuits.</li>
<li><strong>Jour 3 — Publicité et mesure :</strong> Meta Ads et LinkedIn Ads, budget, ciblage, indicateurs clés.</li>
</ul>',
  '<ul>
<li><strong>اليوم الأول — الاستراتيجية:</strong> صورة العميل النموذجي، ومسار العميل، والأهداف، واختيار القنوات.</li>
<li><strong>اليوم الثاني — المحتوى:</strong> الخط التحريري، والصيغ الأكثر تفاعلًا، وأدوات التصميم المجانية.</li>
<li><strong>اليوم الثالث — الإعلان والقياس:</strong> إعلانات Meta و LinkedIn، والميزانية، والاستهداف، ومؤشرات الأداء الرئيسية.</li>
</ul>',
  'Entrepreneurs, responsables marketing et communication, commerciaux et community managers débutants.',
  'روّاد الأعمال، ومسؤولو التسويق والتواصل، والمسؤولون التجاريون، ومسيّرو الصفحات على شبكات التواصل الاجتماعي المبتدئون.',
  5040.00, 4200.00, 20.00, 5040.00, 'MAD',
  '3 jours', 'debutant', 14, ARRAY['marketing digital', 'réseaux sociaux', 'publicité en ligne']::text[], NULL,
  true, false, false, true,
  '[
  {"id": "field_1", "name": "full_name", "type": "text", "label_fr": "Nom complet", "label_ar": "الاسم الكامل", "placeholder_fr": "Ex. : Salma Bennani", "placeholder_ar": "مثال: سلمى بناني", "required": true, "order": 1},
  {"id": "field_2", "name": "email", "type": "email", "label_fr": "Adresse e-mail", "label_ar": "البريد الإلكتروني", "placeholder_fr": "nom@entreprise.ma", "placeholder_ar": "name@company.ma", "required": true, "order": 2},
  {"id": "field_3", "name": "phone", "type": "phone", "label_fr": "Téléphone", "label_ar": "رقم الهاتف", "placeholder_fr": "+212 6 12 34 56 78", "placeholder_ar": "+212 6 12 34 56 78", "required": true, "order": 3},
  {"id": "field_4", "name": "company", "type": "text", "label_fr": "Entreprise", "label_ar": "المؤسسة", "placeholder_fr": "Nom de votre entreprise", "placeholder_ar": "اسم مؤسستك", "required": false, "order": 4},
  {"id": "field_5", "name": "position", "type": "text", "label_fr": "Fonction", "label_ar": "المنصب", "placeholder_fr": "Ex. : Chef d''équipe", "placeholder_ar": "مثال: رئيس فريق", "required": false, "order": 5},
  {"id": "field_6", "name": "social_networks", "type": "checkbox", "label_fr": "Réseaux sur lesquels vous êtes présent", "label_ar": "الشبكات التي لديك حضور فيها", "options": [{"value": "facebook", "label_fr": "Facebook", "label_ar": "فيسبوك"}, {"value": "instagram", "label_fr": "Instagram", "label_ar": "إنستغرام"}, {"value": "linkedin", "label_fr": "LinkedIn", "label_ar": "لينكدإن"}, {"value": "tiktok", "label_fr": "TikTok", "label_ar": "تيك توك"}], "required": false, "order": 6},
  {"id": "field_7", "name": "laptop", "type": "checkbox", "label_fr": "J''apporterai mon ordinateur portable", "label_ar": "سأُحضر حاسوبي المحمول", "required": false, "order": 7},
  {"id": "field_8", "name": "motivation", "type": "textarea", "label_fr": "Vos attentes", "label_ar": "توقعاتك", "placeholder_fr": "Parlez-nous de votre activité et de vos objectifs en ligne.", "placeholder_ar": "حدّثنا عن نشاطك وأهدافك على الإنترنت.", "required": false, "order": 8},
  {"id": "field_9", "name": "how_did_you_hear", "type": "select", "label_fr": "Comment avez-vous connu BCOS ?", "label_ar": "كيف تعرّفت على BCOS؟", "options": [{"value": "google", "label_fr": "Google", "label_ar": "جوجل"}, {"value": "social", "label_fr": "Réseaux sociaux", "label_ar": "وسائل التواصل الاجتماعي"}, {"value": "referral", "label_fr": "Recommandation", "label_ar": "توصية"}, {"value": "other", "label_fr": "Autre", "label_ar": "أخرى"}], "required": false, "order": 9},
  {"id": "field_10", "name": "accept_terms", "type": "checkbox", "label_fr": "J''accepte les conditions générales de vente et le traitement de mes données personnelles par BCOS.", "label_ar": "أوافق على الشروط العامة للبيع وعلى معالجة BCOS لمعطياتي الشخصية.", "required": true, "order": 10}
]'::jsonb
);

-- ---------------------------------------------------------------------------------------------
-- BCOS-FIN-101 — Finance pour non-financiers
-- ---------------------------------------------------------------------------------------------
INSERT INTO formations (
  id, slug, reference, category_id,
  title, description,
  title_fr, title_ar,
  description_fr, description_ar,
  content_fr, content_ar,
  objectives_fr, objectives_ar,
  prerequisites_fr, prerequisites_ar,
  program_fr, program_ar,
  target_audience_fr, target_audience_ar,
  price, price_ht, vat_rate, price_ttc, currency,
  duration, level, max_participants, tags, cover_image_url,
  is_published, is_online, is_popular, is_active,
  inscription_form_fields
) VALUES (
  '00000000-0000-4000-8000-0000000000f5', 'finance-pour-non-financiers', 'BCOS-FIN-101', '00000000-0000-4000-8000-0000000000c3',
  'Finance pour non-financiers', 'Lisez enfin un bilan et un compte de produits et charges sans appréhension. Cette formation donne aux managers et aux ingénieurs les clés pour comprendre la performance financière de l''entreprise et dialoguer avec les équipes financières.',
  'Finance pour non-financiers',
  'المالية لغير المتخصصين',
  'Lisez enfin un bilan et un compte de produits et charges sans appréhension. Cette formation donne aux managers et aux ingénieurs les clés pour comprendre la performance financière de l''entreprise et dialoguer avec les équipes financières.',
  'اقرأ الحصيلة وحساب العائدات والتكاليف دون تردّد. يمنح هذا التكوين المديرين والمهندسين المفاتيح اللازمة لفهم الأداء المالي للمؤسسة والتحاور مع الفرق المالية.',
  '<h2>La finance, expliquée simplement</h2>
<p>Sans jargon inutile, le formateur part de situations concrètes — une commande, un investissement, un retard de paiement client — pour montrer leur effet sur les comptes de l''entreprise. Les exemples s''appuient sur le Code général de normalisation comptable (CGNC) marocain.</p>
<ul>
<li>Lecture guidée des états de synthèse d''une PME</li>
<li>Calcul des principaux ratios</li>
<li>Jeu d''entreprise : piloter la trésorerie pendant une année</li>
</ul>',
  '<h2>المالية بأسلوب مبسّط</h2>
<p>بعيدًا عن المصطلحات المعقدة، ينطلق المكوّن من مواقف ملموسة — طلبية، أو استثمار، أو تأخّر عميل في السداد — ليبيّن أثرها على حسابات المؤسسة. وتستند الأمثلة إلى المدونة العامة للتطبيع المحاسبي المعمول بها في المغرب.</p>
<ul>
<li>قراءة موجَّهة للقوائم التركيبية لشركة صغيرة أو متوسطة</li>
<li>حساب أهم النسب المالية</li>
<li>لعبة محاكاة: إدارة الخزينة على امتداد سنة كاملة</li>
</ul>',
  ARRAY['Lire et comprendre le bilan et le compte de produits et charges (CPC)', 'Distinguer rentabilité, trésorerie et solvabilité', 'Calculer et interpréter les ratios essentiels', 'Mesurer l''impact financier de ses décisions opérationnelles']::text[],
  ARRAY['قراءة الحصيلة وحساب العائدات والتكاليف وفهمهما', 'التمييز بين المردودية والسيولة والملاءة المالية', 'حساب النسب المالية الأساسية وتفسيرها', 'قياس الأثر المالي للقرارات التشغيلية']::text[],
  'Aucun prérequis en comptabilité. Une calculatrice suffit.',
  'لا يُشترط أي تكوين سابق في المحاسبة، وتكفي آلة حاسبة.',
  '<ul>
<li><strong>Jour 1 — Les états financiers :</strong> logique comptable, bilan, CPC ; de l''activité au résultat.</li>
<li><strong>Jour 2 — Analyser et décider :</strong> soldes de gestion, besoin en fonds de roulement, trésorerie, ratios, rentabilité d''un investissement.</li>
</ul>',
  '<ul>
<li><strong>اليوم الأول — القوائم المالية:</strong> منطق المحاسبة، والحصيلة، وحساب العائدات والتكاليف؛ من النشاط إلى النتيجة.</li>
<li><strong>اليوم الثاني — التحليل واتخاذ القرار:</strong> أرصدة التسيير، والحاجة إلى رأس المال العامل، والخزينة، والنسب المالية، ومردودية الاستثمار.</li>
</ul>',
  'Managers, ingénieurs, chefs de projet, commerciaux et créateurs d''entreprise sans formation financière.',
  'المديرون والمهندسون ورؤساء المشاريع والمسؤولون التجاريون ومؤسسو الشركات ممن لا يملكون تكوينًا في المالية.',
  4200.00, 3500.00, 20.00, 4200.00, 'MAD',
  '2 jours', 'debutant', 15, ARRAY['finance', 'comptabilité', 'bilan', 'ratios']::text[], NULL,
  true, false, true, true,
  '[
  {"id": "field_1", "name": "full_name", "type": "text", "label_fr": "Nom complet", "label_ar": "الاسم الكامل", "placeholder_fr": "Ex. : Salma Bennani", "placeholder_ar": "مثال: سلمى بناني", "required": true, "order": 1},
  {"id": "field_2", "name": "email", "type": "email", "label_fr": "Adresse e-mail", "label_ar": "البريد الإلكتروني", "placeholder_fr": "nom@entreprise.ma", "placeholder_ar": "name@company.ma", "required": true, "order": 2},
  {"id": "field_3", "name": "phone", "type": "phone", "label_fr": "Téléphone", "label_ar": "رقم الهاتف", "placeholder_fr": "+212 6 12 34 56 78", "placeholder_ar": "+212 6 12 34 56 78", "required": true, "order": 3},
  {"id": "field_4", "name": "company", "type": "text", "label_fr": "Entreprise", "label_ar": "المؤسسة", "placeholder_fr": "Nom de votre entreprise", "placeholder_ar": "اسم مؤسستك", "required": false, "order": 4},
  {"id": "field_5", "name": "position", "type": "text", "label_fr": "Fonction", "label_ar": "المنصب", "placeholder_fr": "Ex. : Chef d''équipe", "placeholder_ar": "مثال: رئيس فريق", "required": false, "order": 5},
  {"id": "field_6", "name": "nb_participants", "type": "text", "label_fr": "Nombre de participants de votre entreprise", "label_ar": "عدد المشاركين من مؤسستك", "placeholder_fr": "Ex. : 3", "placeholder_ar": "مثال: 3", "required": false, "order": 6},
  {"id": "field_7", "name": "preferred_date", "type": "date", "label_fr": "Date de début souhaitée", "label_ar": "تاريخ البدء المفضّل", "required": false, "order": 7},
  {"id": "field_8", "name": "special_requirements", "type": "textarea", "label_fr": "Besoins particuliers (accessibilité, régime alimentaire…)", "label_ar": "احتياجات خاصة (تيسير الولوج، نظام غذائي…)", "required": false, "order": 8},
  {"id": "field_9", "name": "how_did_you_hear", "type": "select", "label_fr": "Comment avez-vous connu BCOS ?", "label_ar": "كيف تعرّفت على BCOS؟", "options": [{"value": "google", "label_fr": "Google", "label_ar": "جوجل"}, {"value": "social", "label_fr": "Réseaux sociaux", "label_ar": "وسائل التواصل الاجتماعي"}, {"value": "referral", "label_fr": "Recommandation", "label_ar": "توصية"}, {"value": "other", "label_fr": "Autre", "label_ar": "أخرى"}], "required": false, "order": 9}
]'::jsonb
);

-- ---------------------------------------------------------------------------------------------
-- BCOS-FIN-201 — Fiscalité marocaine : IS, IR et TVA
-- ---------------------------------------------------------------------------------------------
INSERT INTO formations (
  id, slug, reference, category_id,
  title, description,
  title_fr, title_ar,
  description_fr, description_ar,
  content_fr, content_ar,
  objectives_fr, objectives_ar,
  prerequisites_fr, prerequisites_ar,
  program_fr, program_ar,
  target_audience_fr, target_audience_ar,
  price, price_ht, vat_rate, price_ttc, currency,
  duration, level, max_participants, tags, cover_image_url,
  is_published, is_online, is_popular, is_active,
  inscription_form_fields
) VALUES (
  '00000000-0000-4000-8000-0000000000f6', 'fiscalite-marocaine-is-ir-et-tva', 'BCOS-FIN-201', '00000000-0000-4000-8000-0000000000c3',
  'Fiscalité marocaine : IS, IR et TVA', 'Sécurisez vos déclarations fiscales et anticipez les contrôles. Cette formation fait le point sur les règles de l''impôt sur les sociétés, de l''impôt sur le revenu et de la TVA au Maroc, en intégrant les dernières dispositions de la loi de finances.',
  'Fiscalité marocaine : IS, IR et TVA',
  'الجباية المغربية: الضريبة على الشركات والضريبة على الدخل والضريبة على القيمة المضافة',
  'Sécurisez vos déclarations fiscales et anticipez les contrôles. Cette formation fait le point sur les règles de l''impôt sur les sociétés, de l''impôt sur le revenu et de la TVA au Maroc, en intégrant les dernières dispositions de la loi de finances.',
  'أمّن تصريحاتك الضريبية واستعدّ للمراقبة الجبائية. يستعرض هذا التكوين قواعد الضريبة على الشركات والضريبة على الدخل والضريبة على القيمة المضافة في المغرب، مع إدماج آخر مستجدات قانون المالية.',
  '<h2>Une approche opérationnelle</h2>
<p>Chaque impôt est traité à partir de cas chiffrés : détermination du résultat fiscal, retenue à la source sur salaires, régimes de TVA et droit à déduction. Le formateur, expert-comptable, partage les erreurs le plus souvent relevées lors des contrôles.</p>
<ul>
<li>Support à jour de la dernière loi de finances</li>
<li>Calendrier fiscal annuel de l''entreprise</li>
<li>Liste de contrôle des points de vigilance avant la télédéclaration</li>
</ul>',
  '<h2>مقاربة عملية</h2>
<p>تُدرَس كل ضريبة انطلاقًا من حالات تطبيقية بالأرقام: تحديد النتيجة الجبائية، والاقتطاع من المنبع على الأجور، وأنظمة الضريبة على القيمة المضافة، والحق في الخصم. ويعرض المكوّن، وهو خبير محاسب، الأخطاء الأكثر شيوعًا التي تُرصَد خلال عمليات المراقبة.</p>
<ul>
<li>دليل تكويني محدَّث وفق آخر قانون للمالية</li>
<li>الجدول الزمني السنوي للالتزامات الضريبية للمؤسسة</li>
<li>قائمة مراجعة للنقاط الواجب الانتباه إليها قبل التصريح الإلكتروني</li>
</ul>',
  ARRAY['Déterminer le résultat fiscal et calculer l''IS', 'Appliquer correctement l''IR sur les salaires et les revenus professionnels', 'Maîtriser les règles de la TVA : exigibilité, déduction, remboursement', 'Respecter les obligations déclaratives et les délais', 'Se préparer sereinement à un contrôle fiscal']::text[],
  ARRAY['تحديد النتيجة الجبائية واحتساب الضريبة على الشركات', 'التطبيق السليم للضريبة على الدخل على الأجور والدخول المهنية', 'إتقان قواعد الضريبة على القيمة المضافة: الاستحقاق والخصم والاسترداد', 'احترام الالتزامات التصريحية والآجال القانونية', 'الاستعداد للمراقبة الجبائية بكل طمأنينة']::text[],
  'Connaître les bases de la comptabilité générale et avoir une première expérience des déclarations fiscales.',
  'الإلمام بأساسيات المحاسبة العامة، والتوفّر على تجربة أولى في إعداد التصريحات الضريبية.',
  '<ul>
<li><strong>Jour 1 — Impôt sur les sociétés :</strong> champ d''application, réintégrations et déductions, taux, acomptes et cotisation minimale.</li>
<li><strong>Jour 2 — Impôt sur le revenu :</strong> revenus salariaux, barème, retenue à la source, revenus professionnels.</li>
<li><strong>Jour 3 — TVA et contrôle :</strong> opérations imposables, taux, déductions, remboursements ; procédure de contrôle et droits du contribuable.</li>
</ul>',
  '<ul>
<li><strong>اليوم الأول — الضريبة على الشركات:</strong> نطاق التطبيق، والمبالغ المعاد إدماجها والمبالغ القابلة للخصم، والأسعار، والدفعات المسبقة، والحد الأدنى للضريبة.</li>
<li><strong>اليوم الثاني — الضريبة على الدخل:</strong> الدخول من الأجور، والجدول التصاعدي للأسعار، والاقتطاع من المنبع، والدخول المهنية.</li>
<li><strong>اليوم الثالث — الضريبة على القيمة المضافة والمراقبة:</strong> العمليات الخاضعة للضريبة، والأسعار، والخصم، والاسترداد؛ إجراءات المراقبة الجبائية وحقوق الملزَم بالضريبة.</li>
</ul>',
  'Comptables, responsables administratifs et financiers, collaborateurs de cabinets comptables et dirigeants de PME.',
  'المحاسبون، والمسؤولون الإداريون والماليون، والعاملون في مكاتب المحاسبة، ومديرو الشركات الصغيرة والمتوسطة.',
  6240.00, 5200.00, 20.00, 6240.00, 'MAD',
  '3 jours', 'avance', 12, ARRAY['fiscalité', 'IS', 'IR', 'TVA', 'loi de finances']::text[], NULL,
  true, false, false, true,
  '[
  {"id": "field_1", "name": "full_name", "type": "text", "label_fr": "Nom complet", "label_ar": "الاسم الكامل", "placeholder_fr": "Ex. : Salma Bennani", "placeholder_ar": "مثال: سلمى بناني", "required": true, "order": 1},
  {"id": "field_2", "name": "email", "type": "email", "label_fr": "Adresse e-mail", "label_ar": "البريد الإلكتروني", "placeholder_fr": "nom@entreprise.ma", "placeholder_ar": "name@company.ma", "required": true, "order": 2},
  {"id": "field_3", "name": "phone", "type": "phone", "label_fr": "Téléphone", "label_ar": "رقم الهاتف", "placeholder_fr": "+212 6 12 34 56 78", "placeholder_ar": "+212 6 12 34 56 78", "required": true, "order": 3},
  {"id": "field_4", "name": "company", "type": "text", "label_fr": "Entreprise", "label_ar": "المؤسسة", "placeholder_fr": "Nom de votre entreprise", "placeholder_ar": "اسم مؤسستك", "required": false, "order": 4},
  {"id": "field_5", "name": "position", "type": "text", "label_fr": "Fonction", "label_ar": "المنصب", "placeholder_fr": "Ex. : Chef d''équipe", "placeholder_ar": "مثال: رئيس فريق", "required": false, "order": 5},
  {"id": "field_6", "name": "experience_level", "type": "select", "label_fr": "Votre expérience en fiscalité", "label_ar": "خبرتك في مجال الجباية", "options": [{"value": "less_than_2_years", "label_fr": "Moins de 2 ans", "label_ar": "أقل من سنتين"}, {"value": "2_to_5_years", "label_fr": "De 2 à 5 ans", "label_ar": "من سنتين إلى خمس سنوات"}, {"value": "more_than_5_years", "label_fr": "Plus de 5 ans", "label_ar": "أكثر من خمس سنوات"}], "required": false, "order": 6},
  {"id": "field_7", "name": "ice", "type": "text", "label_fr": "ICE de l''entreprise (pour la facture)", "label_ar": "المعرّف الموحّد للمقاولة ICE (لإعداد الفاتورة)", "placeholder_fr": "15 chiffres", "placeholder_ar": "15 رقمًا", "required": false, "order": 7},
  {"id": "field_8", "name": "motivation", "type": "textarea", "label_fr": "Vos attentes", "label_ar": "توقعاتك", "placeholder_fr": "Quelles questions fiscales rencontrez-vous dans votre activité ?", "placeholder_ar": "ما الإشكالات الجبائية التي تواجهها في عملك؟", "required": false, "order": 8},
  {"id": "field_9", "name": "accept_terms", "type": "checkbox", "label_fr": "J''accepte les conditions générales de vente et le traitement de mes données personnelles par BCOS.", "label_ar": "أوافق على الشروط العامة للبيع وعلى معالجة BCOS لمعطياتي الشخصية.", "required": true, "order": 9}
]'::jsonb
);

-- ---------------------------------------------------------------------------------------------
-- BCOS-QHSE-101 — Management de la qualité ISO 9001:2015
-- ---------------------------------------------------------------------------------------------
INSERT INTO formations (
  id, slug, reference, category_id,
  title, description,
  title_fr, title_ar,
  description_fr, description_ar,
  content_fr, content_ar,
  objectives_fr, objectives_ar,
  prerequisites_fr, prerequisites_ar,
  program_fr, program_ar,
  target_audience_fr, target_audience_ar,
  price, price_ht, vat_rate, price_ttc, currency,
  duration, level, max_participants, tags, cover_image_url,
  is_published, is_online, is_popular, is_active,
  inscription_form_fields
) VALUES (
  '00000000-0000-4000-8000-0000000000f7', 'management-de-la-qualite-iso-9001-2015', 'BCOS-QHSE-101', '00000000-0000-4000-8000-0000000000c4',
  'Management de la qualité ISO 9001:2015', 'Mettez en place ou améliorez un système de management de la qualité conforme à la norme ISO 9001 dans sa version 2015. Vous apprendrez à interpréter chaque exigence, à cartographier vos processus et à préparer sereinement l''audit de certification.',
  'Management de la qualité ISO 9001:2015',
  'إدارة الجودة وفق معيار ISO 9001:2015',
  'Mettez en place ou améliorez un système de management de la qualité conforme à la norme ISO 9001 dans sa version 2015. Vous apprendrez à interpréter chaque exigence, à cartographier vos processus et à préparer sereinement l''audit de certification.',
  'أرسِ نظامًا لإدارة الجودة مطابقًا لمعيار ISO 9001 في نسخته الصادرة سنة 2015، أو طوّر نظامك القائم. ستتعلم كيف تفسّر كل متطلَّب، وترسم خريطة عملياتك، وتستعد بهدوء لتدقيق منح الشهادة.',
  '<h2>De la norme à la pratique</h2>
<p>La formation traduit les exigences de la norme en actions concrètes pour votre organisation : analyse du contexte, approche processus, gestion des risques et des opportunités, amélioration continue. Des exemples issus de l''industrie et des services illustrent chaque chapitre.</p>
<ul>
<li>Cartographie des processus en atelier</li>
<li>Modèles de documents : politique qualité, fiches processus, registre des risques</li>
<li>Quiz d''auto-évaluation à la fin de chaque module</li>
</ul>',
  '<h2>من المعيار إلى الممارسة</h2>
<p>يترجم هذا التكوين متطلبات المعيار إلى إجراءات ملموسة داخل مؤسستك: تحليل السياق، ومقاربة العمليات، وإدارة المخاطر والفرص، والتحسين المستمر. وتوضّح أمثلةٌ من قطاعَي الصناعة والخدمات كلَّ فصل من فصوله.</p>
<ul>
<li>رسم خريطة العمليات في ورشة تطبيقية</li>
<li>نماذج وثائق: سياسة الجودة، وبطاقات العمليات، وسجل المخاطر</li>
<li>اختبار للتقييم الذاتي في نهاية كل وحدة</li>
</ul>',
  ARRAY['Comprendre la structure et les exigences de l''ISO 9001:2015', 'Appliquer l''approche processus et l''approche par les risques', 'Rédiger la documentation essentielle du système', 'Piloter l''amélioration continue avec des indicateurs pertinents']::text[],
  ARRAY['فهم بنية معيار ISO 9001:2015 ومتطلباته', 'تطبيق مقاربة العمليات والمقاربة القائمة على المخاطر', 'تحرير الوثائق الأساسية للنظام', 'قيادة التحسين المستمر بواسطة مؤشرات ملائمة']::text[],
  'Aucun prérequis. Une première expérience en entreprise facilite la mise en pratique.',
  'لا توجد متطلبات مسبقة، غير أن تجربة مهنية أولى تيسّر التطبيق العملي.',
  '<ul>
<li><strong>Jour 1 — Les fondamentaux :</strong> principes du management de la qualité, structure HLS, contexte et parties intéressées.</li>
<li><strong>Jour 2 — Le système en action :</strong> leadership, processus, risques et opportunités, maîtrise de l''information documentée.</li>
<li><strong>Jour 3 — Évaluer et améliorer :</strong> indicateurs, audit interne, revue de direction, non-conformités et actions correctives.</li>
</ul>',
  '<ul>
<li><strong>اليوم الأول — الأساسيات:</strong> مبادئ إدارة الجودة، والبنية عالية المستوى (HLS)، والسياق والأطراف المعنية.</li>
<li><strong>اليوم الثاني — النظام قيد التطبيق:</strong> القيادة، والعمليات، والمخاطر والفرص، وضبط المعلومات الموثَّقة.</li>
<li><strong>اليوم الثالث — التقييم والتحسين:</strong> المؤشرات، والتدقيق الداخلي، ومراجعة الإدارة، وحالات عدم المطابقة والإجراءات التصحيحية.</li>
</ul>',
  'Responsables et animateurs qualité, pilotes de processus et managers impliqués dans une démarche de certification.',
  'مسؤولو الجودة ومنشّطوها، وقادة العمليات، والمديرون المنخرطون في مسار الحصول على الشهادة.',
  5760.00, 4800.00, 20.00, 5760.00, 'MAD',
  '3 jours', 'intermediaire', 12, ARRAY['qualité', 'ISO 9001', 'certification', 'amélioration continue']::text[], NULL,
  true, false, true, true,
  '[
  {"id": "field_1", "name": "full_name", "type": "text", "label_fr": "Nom complet", "label_ar": "الاسم الكامل", "placeholder_fr": "Ex. : Salma Bennani", "placeholder_ar": "مثال: سلمى بناني", "required": true, "order": 1},
  {"id": "field_2", "name": "email", "type": "email", "label_fr": "Adresse e-mail", "label_ar": "البريد الإلكتروني", "placeholder_fr": "nom@entreprise.ma", "placeholder_ar": "name@company.ma", "required": true, "order": 2},
  {"id": "field_3", "name": "phone", "type": "phone", "label_fr": "Téléphone", "label_ar": "رقم الهاتف", "placeholder_fr": "+212 6 12 34 56 78", "placeholder_ar": "+212 6 12 34 56 78", "required": true, "order": 3},
  {"id": "field_4", "name": "company", "type": "text", "label_fr": "Entreprise", "label_ar": "المؤسسة", "placeholder_fr": "Nom de votre entreprise", "placeholder_ar": "اسم مؤسستك", "required": false, "order": 4},
  {"id": "field_5", "name": "position", "type": "text", "label_fr": "Fonction", "label_ar": "المنصب", "placeholder_fr": "Ex. : Chef d''équipe", "placeholder_ar": "مثال: رئيس فريق", "required": false, "order": 5},
  {"id": "field_6", "name": "certification_status", "type": "select", "label_fr": "Votre entreprise est-elle certifiée ISO 9001 ?", "label_ar": "هل مؤسستك حاصلة على شهادة ISO 9001؟", "options": [{"value": "certified", "label_fr": "Oui, déjà certifiée", "label_ar": "نعم، حاصلة عليها"}, {"value": "in_progress", "label_fr": "Démarche en cours", "label_ar": "المسار قيد الإنجاز"}, {"value": "not_yet", "label_fr": "Pas encore", "label_ar": "ليس بعد"}], "required": false, "order": 6},
  {"id": "field_7", "name": "nb_participants", "type": "text", "label_fr": "Nombre de participants de votre entreprise", "label_ar": "عدد المشاركين من مؤسستك", "placeholder_fr": "Ex. : 3", "placeholder_ar": "مثال: 3", "required": false, "order": 7},
  {"id": "field_8", "name": "preferred_date", "type": "date", "label_fr": "Date de début souhaitée", "label_ar": "تاريخ البدء المفضّل", "required": false, "order": 8},
  {"id": "field_9", "name": "how_did_you_hear", "type": "select", "label_fr": "Comment avez-vous connu BCOS ?", "label_ar": "كيف تعرّفت على BCOS؟", "options": [{"value": "google", "label_fr": "Google", "label_ar": "جوجل"}, {"value": "social", "label_fr": "Réseaux sociaux", "label_ar": "وسائل التواصل الاجتماعي"}, {"value": "referral", "label_fr": "Recommandation", "label_ar": "توصية"}, {"value": "other", "label_fr": "Autre", "label_ar": "أخرى"}], "required": false, "order": 9}
]'::jsonb
);

-- ---------------------------------------------------------------------------------------------
-- BCOS-QHSE-201 — Santé et sécurité au travail : ISO 45001
-- ---------------------------------------------------------------------------------------------
INSERT INTO formations (
  id, slug, reference, category_id,
  title, description,
  title_fr, title_ar,
  description_fr, description_ar,
  content_fr, content_ar,
  objectives_fr, objectives_ar,
  prerequisites_fr, prerequisites_ar,
  program_fr, program_ar,
  target_audience_fr, target_audience_ar,
  price, price_ht, vat_rate, price_ttc, currency,
  duration, level, max_participants, tags, cover_image_url,
  is_published, is_online, is_popular, is_active,
  inscription_form_fields
) VALUES (
  '00000000-0000-4000-8000-0000000000f8', 'sante-et-securite-au-travail-iso-45001', 'BCOS-QHSE-201', '00000000-0000-4000-8000-0000000000c4',
  'Santé et sécurité au travail : ISO 45001', 'Réduisez les accidents du travail et les maladies professionnelles grâce à une démarche structurée. Cette formation présente les exigences de l''ISO 45001 et les obligations du Code du travail marocain, puis vous entraîne à évaluer les risques sur le terrain.',
  'Santé et sécurité au travail : ISO 45001',
  'الصحة والسلامة المهنية وفق معيار ISO 45001',
  'Réduisez les accidents du travail et les maladies professionnelles grâce à une démarche structurée. Cette formation présente les exigences de l''ISO 45001 et les obligations du Code du travail marocain, puis vous entraîne à évaluer les risques sur le terrain.',
  'قلِّص حوادث الشغل والأمراض المهنية باعتماد مقاربة منظَّمة. يعرض هذا التكوين متطلبات معيار ISO 45001 والالتزامات التي تفرضها مدونة الشغل المغربية، ثم يدرّبك على تقييم المخاطر ميدانيًا.',
  '<h2>La prévention au cœur du management</h2>
<p>Au-delà de la conformité, la formation montre comment impliquer la direction et les travailleurs dans la prévention. Une visite d''atelier simulée permet d''identifier les dangers et de hiérarchiser les actions.</p>
<ul>
<li>Méthode d''évaluation des risques et registre d''évaluation</li>
<li>Analyse d''accident par la méthode de l''arbre des causes</li>
<li>Préparation et réponse aux situations d''urgence</li>
</ul>',
  '<h2>الوقاية في صميم الإدارة</h2>
<p>إلى جانب المطابقة القانونية، يبيّن هذا التكوين كيفية إشراك الإدارة والعاملين في الوقاية. وتتيح زيارة محاكاة لورشة إنتاج تحديد مصادر الخطر وترتيب الإجراءات حسب الأولوية.</p>
<ul>
<li>منهجية تقييم المخاطر وسجل التقييم</li>
<li>تحليل الحوادث بطريقة شجرة الأسباب</li>
<li>الاستعداد لحالات الطوارئ والاستجابة لها</li>
</ul>',
  ARRAY['Connaître les exigences de l''ISO 45001 et les obligations légales marocaines', 'Identifier les dangers et évaluer les risques professionnels', 'Analyser un accident du travail et définir des actions de prévention', 'Impliquer les travailleurs et suivre la performance SST']::text[],
  ARRAY['معرفة متطلبات معيار ISO 45001 والالتزامات القانونية المعمول بها في المغرب', 'تحديد مصادر الخطر وتقييم المخاطر المهنية', 'تحليل حادثة شغل وتحديد إجراءات الوقاية', 'إشراك العاملين وتتبّع الأداء في مجال الصحة والسلامة المهنية']::text[],
  'Aucun prérequis technique. Prévoir une tenue adaptée à l''exercice de terrain.',
  'لا يُشترط أي مستوى تقني مسبق. ويُرجى ارتداء لباس ملائم للتمرين الميداني.',
  '<ul>
<li><strong>Jour 1 — Cadre et exigences :</strong> enjeux de la SST, Code du travail, structure de l''ISO 45001, politique et consultation des travailleurs.</li>
<li><strong>Jour 2 — Maîtriser les risques :</strong> évaluation des risques, hiérarchie des mesures de prévention, arbre des causes, situations d''urgence, indicateurs.</li>
</ul>',
  '<ul>
<li><strong>اليوم الأول — الإطار والمتطلبات:</strong> رهانات الصحة والسلامة المهنية، ومدونة الشغل، وبنية معيار ISO 45001، والسياسة، واستشارة العاملين.</li>
<li><strong>اليوم الثاني — التحكم في المخاطر:</strong> تقييم المخاطر، وتسلسل تدابير الوقاية، وشجرة الأسباب، وحالات الطوارئ، والمؤشرات.</li>
</ul>',
  'Responsables HSE, membres du comité de sécurité et d''hygiène, chefs d''atelier et managers de sites industriels.',
  'مسؤولو الصحة والسلامة والبيئة، وأعضاء لجنة السلامة وحفظ الصحة، ورؤساء الورشات، ومديرو المواقع الصناعية.',
  4680.00, 3900.00, 20.00, 4680.00, 'MAD',
  '2 jours', 'intermediaire', 15, ARRAY['HSE', 'ISO 45001', 'sécurité', 'prévention']::text[], NULL,
  true, false, false, true,
  '[
  {"id": "field_1", "name": "full_name", "type": "text", "label_fr": "Nom complet", "label_ar": "الاسم الكامل", "placeholder_fr": "Ex. : Salma Bennani", "placeholder_ar": "مثال: سلمى بناني", "required": true, "order": 1},
  {"id": "field_2", "name": "email", "type": "email", "label_fr": "Adresse e-mail", "label_ar": "البريد الإلكتروني", "placeholder_fr": "nom@entreprise.ma", "placeholder_ar": "name@company.ma", "required": true, "order": 2},
  {"id": "field_3", "name": "phone", "type": "phone", "label_fr": "Téléphone", "label_ar": "رقم الهاتف", "placeholder_fr": "+212 6 12 34 56 78", "placeholder_ar": "+212 6 12 34 56 78", "required": true, "order": 3},
  {"id": "field_4", "name": "company", "type": "text", "label_fr": "Entreprise", "label_ar": "المؤسسة", "placeholder_fr": "Nom de votre entreprise", "placeholder_ar": "اسم مؤسستك", "required": false, "order": 4},
  {"id": "field_5", "name": "position", "type": "text", "label_fr": "Fonction", "label_ar": "المنصب", "placeholder_fr": "Ex. : Chef d''équipe", "placeholder_ar": "مثال: رئيس فريق", "required": false, "order": 5},
  {"id": "field_6", "name": "sector", "type": "select", "label_fr": "Secteur d''activité", "label_ar": "قطاع النشاط", "options": [{"value": "industry", "label_fr": "Industrie", "label_ar": "الصناعة"}, {"value": "construction", "label_fr": "BTP", "label_ar": "البناء والأشغال العمومية"}, {"value": "logistics", "label_fr": "Transport et logistique", "label_ar": "النقل واللوجستيك"}, {"value": "services", "label_fr": "Services", "label_ar": "الخدمات"}, {"value": "other", "label_fr": "Autre", "label_ar": "قطاع آخر"}], "required": true, "order": 6},
  {"id": "field_7", "name": "special_requirements", "type": "textarea", "label_fr": "Besoins particuliers (accessibilité, régime alimentaire…)", "label_ar": "احتياجات خاصة (تيسير الولوج، نظام غذائي…)", "required": false, "order": 7},
  {"id": "field_8", "name": "accept_terms", "type": "checkbox", "label_fr": "J''accepte les conditions générales de vente et le traitement de mes données personnelles par BCOS.", "label_ar": "أوافق على الشروط العامة للبيع وعلى معالجة BCOS لمعطياتي الشخصية.", "required": true, "order": 8}
]'::jsonb
);

-- ---------------------------------------------------------------------------------------------
-- BCOS-LNG-101 — Anglais professionnel : réunions et présentations
-- ---------------------------------------------------------------------------------------------
INSERT INTO formations (
  id, slug, reference, category_id,
  title, description,
  title_fr, title_ar,
  description_fr, description_ar,
  content_fr, content_ar,
  objectives_fr, objectives_ar,
  prerequisites_fr, prerequisites_ar,
  program_fr, program_ar,
  target_audience_fr, target_audience_ar,
  price, price_ht, vat_rate, price_ttc, currency,
  duration, level, max_participants, tags, cover_image_url,
  is_published, is_online, is_popular, is_active,
  inscription_form_fields
) VALUES (
  '00000000-0000-4000-8000-0000000000f9', 'anglais-professionnel-reunions-et-presentations', 'BCOS-LNG-101', '00000000-0000-4000-8000-0000000000c5',
  'Anglais professionnel : réunions et présentations', 'Prenez la parole en anglais avec aisance lors de vos réunions et de vos présentations. En petit groupe et en classe virtuelle, vous enrichirez votre vocabulaire professionnel et vous vous entraînerez sur des situations tirées de votre activité.',
  'Anglais professionnel : réunions et présentations',
  'الإنجليزية المهنية: الاجتماعات والعروض التقديمية',
  'Prenez la parole en anglais avec aisance lors de vos réunions et de vos présentations. En petit groupe et en classe virtuelle, vous enrichirez votre vocabulaire professionnel et vous vous entraînerez sur des situations tirées de votre activité.',
  'تحدّث بالإنجليزية بكل ثقة خلال اجتماعاتك وعروضك التقديمية. ستُغني رصيدك من المفردات المهنية ضمن مجموعة صغيرة وفي فصل افتراضي، وتتدرّب على مواقف مستمدّة من نشاطك المهني.',
  '<h2>Un parcours sur sept semaines</h2>
<p>Sept séances de trois heures, à raison d''une par semaine, avec un formateur anglophone. Entre deux séances, de courts exercices en ligne consolident les acquis. Les groupes sont limités à huit participants pour que chacun s''exprime le plus possible.</p>
<ul>
<li>Test de positionnement avant le démarrage</li>
<li>Simulations de réunions et de négociations</li>
<li>Présentation finale enregistrée et commentée</li>
<li>Attestation de fin de formation indiquant le niveau atteint selon le CECRL</li>
</ul>',
  '<h2>مسار على مدى سبعة أسابيع</h2>
<p>سبع حصص مدة كل منها ثلاث ساعات، بمعدل حصة واحدة في الأسبوع، يؤطّرها مكوّن ناطق بالإنجليزية. وبين حصة وأخرى، تعزّز تمارين قصيرة عبر الإنترنت المكتسبات. ولا يتجاوز عدد أفراد كل مجموعة ثمانية مشاركين حتى يتحدث كل واحد منهم أطول وقت ممكن.</p>
<ul>
<li>اختبار لتحديد المستوى قبل الانطلاق</li>
<li>محاكاة للاجتماعات والمفاوضات</li>
<li>عرض تقديمي ختامي مسجَّل مع ملاحظات المكوّن</li>
<li>شهادة نهاية التكوين تبيّن المستوى المحقَّق وفق الإطار الأوروبي المرجعي المشترك للغات</li>
</ul>',
  ARRAY['Animer une réunion en anglais et y participer activement', 'Structurer et présenter un exposé professionnel', 'Exprimer son accord, son désaccord et négocier avec courtoisie', 'Enrichir son vocabulaire métier']::text[],
  ARRAY['إدارة اجتماع باللغة الإنجليزية والمشاركة فيه بفعالية', 'هيكلة عرض مهني وتقديمه', 'التعبير عن الموافقة والاعتراض والتفاوض بلباقة', 'إثراء المفردات الخاصة بمجال العمل']::text[],
  'Niveau B1 minimum (intermédiaire), vérifié par le test de positionnement. Ordinateur équipé d''un micro et d''une webcam.',
  'مستوى B1 على الأقل (متوسط)، يُتحقَّق منه عبر اختبار تحديد المستوى، مع حاسوب مزوَّد بميكروفون وكاميرا ويب.',
  '<ul>
<li><strong>Séance 1 :</strong> se présenter et présenter son entreprise.</li>
<li><strong>Séances 2 et 3 :</strong> conduire une réunion, exprimer un avis, reformuler.</li>
<li><strong>Séances 4 et 5 :</strong> construire une présentation, commenter des chiffres et des graphiques.</li>
<li><strong>Séance 6 :</strong> négocier et répondre aux objections.</li>
<li><strong>Séance 7 :</strong> présentation finale et bilan.</li>
</ul>',
  '<ul>
<li><strong>الحصة 1:</strong> التعريف بالنفس وتقديم المؤسسة.</li>
<li><strong>الحصتان 2 و 3:</strong> إدارة اجتماع، والتعبير عن الرأي، وإعادة الصياغة.</li>
<li><strong>الحصتان 4 و 5:</strong> بناء عرض تقديمي، والتعليق على الأرقام والرسوم البيانية.</li>
<li><strong>الحصة 6:</strong> التفاوض والرد على الاعتراضات.</li>
<li><strong>الحصة 7:</strong> العرض الختامي والتقييم.</li>
</ul>',
  'Cadres, ingénieurs, commerciaux et assistants amenés à travailler avec des interlocuteurs anglophones.',
  'الأطر والمهندسون والمسؤولون التجاريون والمساعدون الذين يتعاملون مع محاورين ناطقين بالإنجليزية.',
  828.00, 690.00, 20.00, 828.00, 'EUR',
  '21 heures', 'intermediaire', 8, ARRAY['anglais', 'langues', 'business english', 'classe virtuelle']::text[], NULL,
  true, true, false, true,
  '[
  {"id": "field_1", "name": "full_name", "type": "text", "label_fr": "Nom complet", "label_ar": "الاسم الكامل", "placeholder_fr": "Ex. : Salma Bennani", "placeholder_ar": "مثال: سلمى بناني", "required": true, "order": 1},
  {"id": "field_2", "name": "email", "type": "email", "label_fr": "Adresse e-mail", "label_ar": "البريد الإلكتروني", "placeholder_fr": "nom@entreprise.ma", "placeholder_ar": "name@company.ma", "required": true, "order": 2},
  {"id": "field_3", "name": "phone", "type": "phone", "label_fr": "Téléphone", "label_ar": "رقم الهاتف", "placeholder_fr": "+212 6 12 34 56 78", "placeholder_ar": "+212 6 12 34 56 78", "required": true, "order": 3},
  {"id": "field_4", "name": "company", "type": "text", "label_fr": "Entreprise", "label_ar": "المؤسسة", "placeholder_fr": "Nom de votre entreprise", "placeholder_ar": "اسم مؤسستك", "required": false, "order": 4},
  {"id": "field_5", "name": "english_level", "type": "select", "label_fr": "Votre niveau d''anglais estimé", "label_ar": "مستواك التقديري في الإنجليزية", "options": [{"value": "a2", "label_fr": "A2 — Élémentaire", "label_ar": "A2 — أساسي"}, {"value": "b1", "label_fr": "B1 — Intermédiaire", "label_ar": "B1 — متوسط"}, {"value": "b2", "label_fr": "B2 — Intermédiaire avancé", "label_ar": "B2 — فوق المتوسط"}, {"value": "c1", "label_fr": "C1 — Avancé", "label_ar": "C1 — متقدم"}], "required": true, "order": 5},
  {"id": "field_6", "name": "time_slot", "type": "select", "label_fr": "Créneau préféré", "label_ar": "التوقيت المفضّل", "options": [{"value": "morning", "label_fr": "Matin (9 h – 12 h)", "label_ar": "صباحًا (9:00 – 12:00)"}, {"value": "afternoon", "label_fr": "Après-midi (14 h – 17 h)", "label_ar": "بعد الظهر (14:00 – 17:00)"}, {"value": "evening", "label_fr": "Soir (18 h – 21 h)", "label_ar": "مساءً (18:00 – 21:00)"}], "required": false, "order": 6},
  {"id": "field_7", "name": "motivation", "type": "textarea", "label_fr": "Vos attentes", "label_ar": "توقعاتك", "placeholder_fr": "Dans quelles situations utilisez-vous l''anglais au travail ?", "placeholder_ar": "في أي مواقف تستعمل الإنجليزية في عملك؟", "required": false, "order": 7},
  {"id": "field_8", "name": "how_did_you_hear", "type": "select", "label_fr": "Comment avez-vous connu BCOS ?", "label_ar": "كيف تعرّفت على BCOS؟", "options": [{"value": "google", "label_fr": "Google", "label_ar": "جوجل"}, {"value": "social", "label_fr": "Réseaux sociaux", "label_ar": "وسائل التواصل الاجتماعي"}, {"value": "referral", "label_fr": "Recommandation", "label_ar": "توصية"}, {"value": "other", "label_fr": "Autre", "label_ar": "أخرى"}], "required": false, "order": 8},
  {"id": "field_9", "name": "accept_terms", "type": "checkbox", "label_fr": "J''accepte les conditions générales de vente et le traitement de mes données personnelles par BCOS.", "label_ar": "أوافق على الشروط العامة للبيع وعلى معالجة BCOS لمعطياتي الشخصية.", "required": true, "order": 9}
]'::jsonb
);

-- ---------------------------------------------------------------------------------------------
-- BCOS-LNG-201 — Prise de parole en public avec impact  (DRAFT: not published)
-- ---------------------------------------------------------------------------------------------
INSERT INTO formations (
  id, slug, reference, category_id,
  title, description,
  title_fr, title_ar,
  description_fr, description_ar,
  content_fr, content_ar,
  objectives_fr, objectives_ar,
  prerequisites_fr, prerequisites_ar,
  program_fr, program_ar,
  target_audience_fr, target_audience_ar,
  price, price_ht, vat_rate, price_ttc, currency,
  duration, level, max_participants, tags, cover_image_url,
  is_published, is_online, is_popular, is_active,
  inscription_form_fields
) VALUES (
  '00000000-0000-4000-8000-0000000000fa', 'prise-de-parole-en-public-avec-impact', 'BCOS-LNG-201', '00000000-0000-4000-8000-0000000000c5',
  'Prise de parole en public avec impact', 'Apprenez à captiver votre auditoire, à gérer votre trac et à faire passer vos messages avec conviction. Deux jours d''entraînement intensif, devant la caméra et devant le groupe.',
  'Prise de parole en public avec impact',
  'فن الإلقاء والتحدث أمام الجمهور',
  'Apprenez à captiver votre auditoire, à gérer votre trac et à faire passer vos messages avec conviction. Deux jours d''entraînement intensif, devant la caméra et devant le groupe.',
  'تعلّم كيف تشدّ انتباه جمهورك، وتتحكم في رهبة الحديث، وتوصل رسائلك بإقناع. يومان من التدريب المكثّف أمام الكاميرا وأمام المجموعة.',
  '<h2>Osez prendre la parole</h2>
<p>Voix, regard, gestuelle, structure du discours : chaque participant progresse à son rythme grâce à des exercices courts et aux retours bienveillants du formateur et du groupe.</p>
<ul>
<li>Exercices de respiration et de placement de la voix</li>
<li>Passages filmés puis analysés</li>
<li>Techniques d''improvisation</li>
</ul>',
  '<h2>تجرّأ على الكلام</h2>
<p>الصوت والنظرات ولغة الجسد وبنية الخطاب: يتقدّم كل مشارك وفق إيقاعه بفضل تمارين قصيرة وملاحظات بنّاءة من المكوّن والمجموعة.</p>
<ul>
<li>تمارين التنفس وضبط الصوت</li>
<li>مداخلات مصوَّرة يجري تحليلها</li>
<li>تقنيات الارتجال</li>
</ul>',
  ARRAY['Gérer son trac et gagner en assurance', 'Structurer un message clair et convaincant', 'Utiliser sa voix et son corps pour captiver l''auditoire']::text[],
  ARRAY['التحكم في رهبة الحديث واكتساب الثقة بالنفس', 'بناء رسالة واضحة ومقنعة', 'توظيف الصوت ولغة الجسد لشدّ انتباه الجمهور']::text[],
  'Aucun prérequis.',
  'لا توجد متطلبات مسبقة.',
  '<ul>
<li><strong>Jour 1 — Les fondamentaux :</strong> trac, respiration, voix, posture et regard.</li>
<li><strong>Jour 2 — Convaincre :</strong> structurer son intervention, raconter une histoire, répondre aux questions, improviser.</li>
</ul>',
  '<ul>
<li><strong>اليوم الأول — الأساسيات:</strong> رهبة الحديث، والتنفس، والصوت، ووضعية الجسد، والنظرات.</li>
<li><strong>اليوم الثاني — الإقناع:</strong> هيكلة المداخلة، وفن السرد القصصي، والإجابة عن الأسئلة، والارتجال.</li>
</ul>',
  'Toute personne amenée à s''exprimer en réunion, en formation ou devant un public.',
  'كل شخص يُطلب منه التحدث في الاجتماعات أو الدورات التكوينية أو أمام الجمهور.',
  3120.00, 2600.00, 20.00, 3120.00, 'MAD',
  '2 jours', 'debutant', 10, ARRAY['communication', 'prise de parole', 'soft skills']::text[], NULL,
  false, false, false, true,
  '[]'::jsonb
);

-- ---------------------------------------------------------------------------------------------
-- A landing page for the leadership course, in both languages (/fr|ar/formations/…/presentation).
-- The testimonial is an example and is not "validated", so visitors never see it: a real site
-- shows only real, consented reviews, each ticked « Validé » in the editor.
-- ---------------------------------------------------------------------------------------------
INSERT INTO landing_pages (formation_id, language, title, meta_description, hero_content, features, testimonials, cta_text, seo_keywords, is_active)
VALUES
(
  '00000000-0000-4000-8000-0000000000f1', 'fr',
  'Devenez le manager que votre équipe attend',
  'Trois jours pratiques à Casablanca pour passer d’expert à manager : déléguer, motiver, recadrer avec bienveillance. Places limitées.',
  '<p>Vous venez de prendre la tête d’une équipe, ou vous voulez <strong>mieux la faire grandir</strong> ? En trois jours de mises en situation, repartez avec des outils concrets et un plan d’action personnel.</p>',
  '[{"title": "Des cas réels", "description": "Vos situations de management, travaillées en petits groupes."},
    {"title": "Des outils immédiats", "description": "Entretien de recadrage, délégation, réunion efficace : des trames prêtes à l’emploi."},
    {"title": "Un suivi à 30 jours", "description": "Un point individuel avec le formateur un mois après la session."}]'::jsonb,
  '[{"name": "Exemple — Salma B.", "role": "Cheffe de projet", "quote": "Un témoignage d’exemple : remplacez-le par un vrai avis de participant."}]'::jsonb,
  'Réserver ma place',
  ARRAY['formation management', 'leadership', 'manager une équipe', 'Casablanca']::text[],
  true
),
(
  '00000000-0000-4000-8000-0000000000f1', 'ar',
  'كن المدير الذي ينتظره فريقك',
  'ثلاثة أيام تطبيقية في الدار البيضاء للانتقال من الخبير إلى المدير: التفويض والتحفيز والتوجيه بلطف. المقاعد محدودة.',
  '<p>هل توليت قيادة فريق حديثًا، أو تريد <strong>تطوير فريقك بشكل أفضل</strong>؟ خلال ثلاثة أيام من التمارين العملية، ستغادر بأدوات ملموسة وخطة عمل شخصية.</p>',
  '[{"title": "حالات واقعية", "description": "نشتغل على مواقفك الإدارية في مجموعات صغيرة."},
    {"title": "أدوات فورية", "description": "مقابلة التوجيه والتفويض والاجتماع الفعّال: نماذج جاهزة للاستعمال."},
    {"title": "متابعة بعد 30 يومًا", "description": "لقاء فردي مع المكوّن بعد شهر من الدورة."}]'::jsonb,
  '[]'::jsonb,
  'احجز مقعدك',
  ARRAY['تكوين في التسيير', 'القيادة', 'إدارة الفريق', 'الدار البيضاء']::text[],
  true
);

-- ---------------------------------------------------------------------------------------------
-- Sessions (dated relative to the day the demo is loaded, in Casablanca time) and a few
-- enrollments holding seats, so that a newcomer sees seats left, a full session with its
-- waitlist, an online session, a session price and a past session. Three courses (…f1, …f6,
-- …f7) keep no session: their forms still ask for a preferred date.
-- ---------------------------------------------------------------------------------------------
INSERT INTO formation_sessions (id, formation_id, starts_at, ends_on, city, address, online_url, language, seats, price_ht, status)
SELECT s.id::uuid, s.formation_id::uuid,
       ((date_trunc('day', NOW() AT TIME ZONE 'Africa/Casablanca') + make_interval(days => s.in_days, hours => s.hour)) AT TIME ZONE 'Africa/Casablanca'),
       (date_trunc('day', NOW() AT TIME ZONE 'Africa/Casablanca') + make_interval(days => s.in_days + s.length_days - 1))::date,
       s.city, s.address, s.online_url, s.language, s.seats, s.price_ht, s.status
FROM (VALUES
  ('00000000-0000-4000-8000-0000000005a1', '00000000-0000-4000-8000-0000000000f2', 14, 9, 2, 'Casablanca', 'Technopark, route de Nouaceur', NULL, 'fr', 12, NULL::numeric, 'open'),
  ('00000000-0000-4000-8000-0000000005a2', '00000000-0000-4000-8000-0000000000f2', 45, 9, 2, 'Rabat', 'Avenue Mohammed V, Agdal', NULL, 'both', 10, NULL, 'open'),
  ('00000000-0000-4000-8000-0000000005a3', '00000000-0000-4000-8000-0000000000f2', 30, 14, 2, NULL, NULL, 'https://meet.example.com/bcos-scrum', 'fr', 20, 3200.00, 'open'),
  ('00000000-0000-4000-8000-0000000005a4', '00000000-0000-4000-8000-0000000000f2', -30, 9, 2, 'Casablanca', 'Technopark, route de Nouaceur', NULL, 'fr', 12, NULL, 'open'),
  ('00000000-0000-4000-8000-0000000005b1', '00000000-0000-4000-8000-0000000000f3', 10, 9, 2, 'Casablanca', '12 boulevard d''Anfa', NULL, 'fr', 3, NULL, 'open'),
  ('00000000-0000-4000-8000-0000000005b2', '00000000-0000-4000-8000-0000000000f3', 40, 9, 2, 'Tanger', 'Place de France', NULL, 'fr', 8, NULL, 'open'),
  ('00000000-0000-4000-8000-0000000005c1', '00000000-0000-4000-8000-0000000000f4', 7, 10, 1, NULL, NULL, 'https://meet.example.com/bcos-marketing', 'ar', 25, NULL, 'open'),
  ('00000000-0000-4000-8000-0000000005c2', '00000000-0000-4000-8000-0000000000f4', 50, 9, 3, 'Marrakech', 'Avenue Mohammed VI, Hivernage', NULL, 'both', 12, 6900.00, 'open'),
  ('00000000-0000-4000-8000-0000000005d1', '00000000-0000-4000-8000-0000000000f5', 20, 9, 2, 'Casablanca', '12 boulevard d''Anfa', NULL, 'fr', 4, NULL, 'open'),
  ('00000000-0000-4000-8000-000000000601', '00000000-0000-4000-8000-0000000000f8', 28, 9, 2, 'Casablanca', '12 boulevard d''Anfa', NULL, 'fr', 2, NULL, 'open'),
  ('00000000-0000-4000-8000-000000000611', '00000000-0000-4000-8000-0000000000f9', 9, 18, 5, NULL, NULL, 'https://meet.example.com/bcos-english', 'fr', 16, NULL, 'open')
) AS s(id, formation_id, in_days, hour, length_days, city, address, online_url, language, seats, price_ht, status);

INSERT INTO enrollments (formation_id, session_id, full_name, email, phone, company, status, source, language_preference, enrollment_date, created_at)
SELECT e.formation_id::uuid, e.session_id::uuid, e.full_name, e.email, e.phone, e.company, e.status,
       'website; utm_source=newsletter; utm_campaign=demo', e.language,
       NOW() - make_interval(days => e.days_ago), NOW() - make_interval(days => e.days_ago)
FROM (VALUES
  ('00000000-0000-4000-8000-0000000000f3', '00000000-0000-4000-8000-0000000005b1', 'Rim Lahlou', 'rim.lahlou@example.ma', '+212 6 61 23 45 67', 'Atlas Industries', 'confirmed', 'fr', 9),
  ('00000000-0000-4000-8000-0000000000f3', '00000000-0000-4000-8000-0000000005b1', 'Youssef El Amrani', 'youssef.elamrani@example.ma', '+212 6 62 34 56 78', 'Maroc Logistique', 'to_confirm', 'fr', 6),
  ('00000000-0000-4000-8000-0000000000f3', '00000000-0000-4000-8000-0000000005b1', 'نادية الإدريسي', 'nadia.idrissi@example.ma', '+212 6 63 45 67 89', NULL, 'new', 'ar', 3),
  ('00000000-0000-4000-8000-0000000000f3', '00000000-0000-4000-8000-0000000005b1', 'Adil Naciri', 'adil.naciri@example.ma', '+212 6 64 56 78 90', 'Banque du Sud', 'waitlist', 'fr', 1),
  ('00000000-0000-4000-8000-0000000000f5', '00000000-0000-4000-8000-0000000005d1', 'Imane Berrada', 'imane.berrada@example.ma', '+212 6 65 67 89 01', 'Cabinet Berrada', 'confirmed', 'fr', 5),
  ('00000000-0000-4000-8000-0000000000f5', '00000000-0000-4000-8000-0000000005d1', 'Omar Chraibi', 'omar.chraibi@example.ma', '+212 6 66 78 90 12', NULL, 'new', 'fr', 2),
  ('00000000-0000-4000-8000-0000000000f8', '00000000-0000-4000-8000-000000000601', 'Hicham Alaoui', 'hicham.alaoui@example.ma', '+212 6 67 89 01 23', 'Ciments de l''Atlas', 'confirmed', 'fr', 8),
  ('00000000-0000-4000-8000-0000000000f8', '00000000-0000-4000-8000-000000000601', 'سعاد المنصوري', 'souad.mansouri@example.ma', '+212 6 68 90 12 34', NULL, 'to_confirm', 'ar', 4),
  ('00000000-0000-4000-8000-0000000000f2', '00000000-0000-4000-8000-0000000005a1', 'Mehdi Benjelloun', 'mehdi.benjelloun@example.ma', '+212 6 69 01 23 45', 'Digital Maroc', 'new', 'fr', 2),
  ('00000000-0000-4000-8000-0000000000f2', '00000000-0000-4000-8000-0000000005a4', 'Leila Fassi', 'leila.fassi@example.ma', '+212 6 60 12 34 56', NULL, 'confirmed', 'fr', 40)
) AS e(formation_id, session_id, full_name, email, phone, company, status, language, days_ago);

-- ---------------------------------------------------------------------------------------------
-- Legal pages (migration 014), in both languages: legal notice, privacy policy (Moroccan law
-- 09-08 and the CNDP, and the GDPR for visitors in the European Union), terms of sale and the
-- contact page, whose phone, e-mail and WhatsApp number also appear in every footer. The
-- company details are a demo's: replace them, and have the texts checked by counsel.
-- ---------------------------------------------------------------------------------------------
UPDATE legal_pages SET version = 1,
  body_fr = '<h2>Éditeur du site</h2>
<p><strong>BCOS Formation SARL</strong>, société à responsabilité limitée au capital de 100 000 MAD.<br>
Siège social : 12 boulevard d’Anfa, 20000 Casablanca, Maroc.<br>
RC Casablanca n° 000000 (exemple) — ICE 000000000000000 (exemple) — IF 00000000 (exemple).<br>
Téléphone : +212 5 22 00 00 00 — E-mail : contact@bcos.ma.</p>
<p>Directrice de la publication : la gérante de BCOS Formation.</p>
<h2>Hébergement</h2>
<p>Le site est hébergé par Exemple Hébergement SA, Technopark, route de Nouaceur, Casablanca, Maroc.</p>
<h2>Propriété intellectuelle</h2>
<p>Les textes, programmes de formation, logos et images de ce site appartiennent à BCOS Formation ou à ses partenaires. Toute reproduction sans autorisation écrite est interdite.</p>
<h2>Données personnelles</h2>
<p>Les informations envoyées par les formulaires d’inscription sont traitées conformément à la loi n° 09-08 et à notre <a href="/fr/confidentialite">politique de confidentialité</a>.</p>
<p><em>Texte de démonstration, à compléter et à faire valider avant la mise en ligne.</em></p>',
  body_ar = '<h2>ناشر الموقع</h2>
<p><strong>BCOS للتكوين، شركة ذات مسؤولية محدودة</strong>، رأسمالها 100 000 درهم.<br>
المقر الاجتماعي: 12 شارع أنفا، 20000 الدار البيضاء، المغرب.<br>
السجل التجاري بالدار البيضاء رقم 000000 (مثال) — التعريف الموحد للمقاولة 000000000000000 (مثال) — التعريف الضريبي 00000000 (مثال).<br>
الهاتف: <span dir="ltr">+212 5 22 00 00 00</span> — البريد الإلكتروني: <span dir="ltr">contact@bcos.ma</span>.</p>
<p>مديرة النشر: مسيّرة شركة BCOS للتكوين.</p>
<h2>الاستضافة</h2>
<p>يستضيف الموقع شركة «مثال للاستضافة»، تكنوبارك، طريق النواصر، الدار البيضاء، المغرب.</p>
<h2>الملكية الفكرية</h2>
<p>النصوص وبرامج التكوين والشعارات والصور المنشورة في هذا الموقع ملك لشركة BCOS للتكوين أو لشركائها. ويُمنع أي نسخ لها دون إذن كتابي.</p>
<h2>المعطيات الشخصية</h2>
<p>تُعالَج المعلومات المرسَلة عبر استمارات التسجيل وفقًا للقانون رقم 09-08 و<a href="/ar/confidentialite">سياسة الخصوصية</a> الخاصة بنا.</p>
<p><em>نص للعرض التوضيحي، يجب استكماله والتحقق منه قبل النشر.</em></p>'
WHERE slug = 'mentions-legales';

UPDATE legal_pages SET version = 1,
  body_fr = '<p>BCOS Formation attache une grande importance à la protection de vos données personnelles. Cette politique explique quelles données nous recueillons quand vous vous inscrivez à une formation, pourquoi, combien de temps nous les gardons et comment exercer vos droits.</p>
<h2>Responsable du traitement</h2>
<p>BCOS Formation SARL, 12 boulevard d’Anfa, 20000 Casablanca, Maroc — contact@bcos.ma. Ce traitement a fait l’objet d’une déclaration auprès de la Commission nationale de contrôle de la protection des données à caractère personnel (CNDP), conformément à la loi n° 09-08 du 18 février 2009.</p>
<h2>Les données que nous recueillons</h2>
<ul>
<li>votre identité et vos coordonnées : nom, e-mail, téléphone ;</li>
<li>votre situation professionnelle : entreprise, fonction, expérience, si vous les indiquez ;</li>
<li>votre demande : formation, session choisie, motivation, réponses au formulaire ;</li>
<li>la page d’origine de votre visite (paramètres de campagne), et une empreinte chiffrée de votre adresse IP (l’adresse elle-même n’est pas gardée), qui sert seulement à limiter les envois abusifs.</li>
</ul>
<p>Le site ne dépose aucun cookie publicitaire ni de mesure d’audience chez les visiteurs : les visites sont comptées sans identifiant.</p>
<h2>Pourquoi nous les utilisons</h2>
<ul>
<li>traiter votre inscription, vous recontacter et organiser la formation (exécution du contrat ou mesures précontractuelles à votre demande) ;</li>
<li>établir les documents de la formation : convention, facture, attestation (obligation légale) ;</li>
<li>vous informer de nos prochaines sessions, si vous l’avez accepté (consentement, retirable à tout moment).</li>
</ul>
<h2>Qui les reçoit</h2>
<p>Seule l’équipe de BCOS Formation et les formateurs de votre session y ont accès. Nos prestataires techniques (hébergement, envoi des e-mails, outil de gestion de la relation client) les traitent pour notre compte et selon nos instructions. Lorsque l’un d’eux est situé hors du Maroc, le transfert est réalisé dans les conditions prévues par la loi n° 09-08 et, le cas échéant, autorisé par la CNDP. Vos données ne sont jamais vendues.</p>
<h2>Combien de temps</h2>
<p>Trois ans après notre dernier échange pour une demande sans suite ; pour une formation suivie, le temps de la relation puis les durées légales de conservation des pièces comptables (dix ans).</p>
<h2>Vos droits</h2>
<p>Conformément à la loi n° 09-08, vous disposez d’un droit d’accès, de rectification et d’opposition pour des motifs légitimes. Si vous résidez dans l’Union européenne, le Règlement général sur la protection des données (RGPD) vous donne aussi un droit à l’effacement, à la limitation du traitement et à la portabilité de vos données. Pour les exercer, écrivez à <a href="mailto:contact@bcos.ma">contact@bcos.ma</a> : nous répondons dans un délai d’un mois.</p>
<p>Vous pouvez également adresser une réclamation à la CNDP (<a href="https://www.cndp.ma">www.cndp.ma</a>) ou, dans l’Union européenne, à l’autorité de protection des données de votre pays.</p>
<h2>Votre consentement</h2>
<p>Le formulaire d’inscription vous demande d’accepter cette politique. Nous conservons avec votre inscription le texte que vous avez accepté, la date et la version de cette page à ce moment-là.</p>
<p><em>Texte de démonstration, à compléter et à faire valider avant la mise en ligne.</em></p>',
  body_ar = '<p>تولي BCOS للتكوين أهمية كبيرة لحماية معطياتك الشخصية. توضّح هذه السياسة المعطيات التي نجمعها عند تسجيلك في دورة تكوينية، والغرض منها، ومدة الاحتفاظ بها، وكيف تمارس حقوقك.</p>
<h2>المسؤول عن المعالجة</h2>
<p>شركة BCOS للتكوين، 12 شارع أنفا، 20000 الدار البيضاء، المغرب — <span dir="ltr">contact@bcos.ma</span>. وقد صُرِّح بهذه المعالجة لدى اللجنة الوطنية لمراقبة حماية المعطيات ذات الطابع الشخصي، طبقًا للقانون رقم 09-08 الصادر في 18 فبراير 2009.</p>
<h2>المعطيات التي نجمعها</h2>
<ul>
<li>هويتك ومعلومات الاتصال بك: الاسم والبريد الإلكتروني والهاتف؛</li>
<li>وضعيتك المهنية: المؤسسة والمنصب والخبرة، إن ذكرتها؛</li>
<li>طلبك: الدورة والموعد المختار والدافع وأجوبتك على الاستمارة؛</li>
<li>مصدر زيارتك (معطيات الحملة)، وبصمة مشفّرة لعنوان IP (لا نحتفظ بالعنوان نفسه)، لا تُستعمل إلا للحدّ من الإرسال المفرط.</li>
</ul>
<p>لا يضع الموقع لدى زواره أي ملفات تعريف ارتباط إشهارية أو لقياس الجمهور: تُحتسب الزيارات دون أي معرِّف.</p>
<h2>لماذا نستعملها</h2>
<ul>
<li>معالجة تسجيلك والتواصل معك وتنظيم الدورة (تنفيذ العقد أو إجراءات سابقة له بطلب منك)؛</li>
<li>إعداد وثائق التكوين: الاتفاقية والفاتورة والشهادة (التزام قانوني)؛</li>
<li>إخبارك بمواعيدنا القادمة، إن وافقت على ذلك (موافقة يمكنك سحبها في أي وقت).</li>
</ul>
<h2>من يطّلع عليها</h2>
<p>لا يطّلع عليها إلا فريق BCOS للتكوين ومؤطرو دورتك. ويعالجها مزوّدونا التقنيون (الاستضافة وإرسال الرسائل الإلكترونية وأداة تدبير العلاقة مع الزبناء) لحسابنا ووفق تعليماتنا. وحين يكون أحدهم خارج المغرب، يتم النقل وفق الشروط التي يحددها القانون رقم 09-08، وبإذن من اللجنة الوطنية عند الاقتضاء. ولا نبيع معطياتك أبدًا.</p>
<h2>مدة الاحتفاظ</h2>
<p>ثلاث سنوات بعد آخر تواصل بيننا إن لم يُستكمل الطلب؛ أما في حال متابعة الدورة، فطيلة مدة العلاقة ثم المدد القانونية لحفظ الوثائق المحاسبية (عشر سنوات).</p>
<h2>حقوقك</h2>
<p>طبقًا للقانون رقم 09-08، لك الحق في الولوج إلى معطياتك وتصحيحها والتعرض على معالجتها لأسباب مشروعة. وإن كنت مقيمًا في الاتحاد الأوروبي، يمنحك النظام العام لحماية البيانات (RGPD) أيضًا الحق في المحو وتقييد المعالجة ونقل معطياتك. لممارسة هذه الحقوق، راسلنا على <a href="mailto:contact@bcos.ma">contact@bcos.ma</a>، وسنجيبك في أجل أقصاه شهر.</p>
<p>يمكنك أيضًا تقديم شكاية إلى اللجنة الوطنية لمراقبة حماية المعطيات ذات الطابع الشخصي (<a href="https://www.cndp.ma">www.cndp.ma</a>)، أو إلى سلطة حماية البيانات في بلدك داخل الاتحاد الأوروبي.</p>
<h2>موافقتك</h2>
<p>تطلب منك استمارة التسجيل الموافقة على هذه السياسة. ونحتفظ مع تسجيلك بالنص الذي وافقت عليه، وبتاريخ الموافقة، وبإصدار هذه الصفحة في ذلك الوقت.</p>
<p><em>نص للعرض التوضيحي، يجب استكماله والتحقق منه قبل النشر.</em></p>'
WHERE slug = 'confidentialite';

UPDATE legal_pages SET version = 1,
  body_fr = '<p>Les présentes conditions générales de vente s’appliquent à toutes les formations proposées par BCOS Formation SARL (Casablanca), en présentiel ou en ligne, aux entreprises comme aux particuliers.</p>
<h2>Inscription</h2>
<p>L’inscription envoyée depuis le site est une demande : elle devient définitive lorsque notre équipe la confirme par écrit (e-mail) et, pour une entreprise, à la signature de la convention de formation. Une session complète vous place sur liste d’attente, sans engagement.</p>
<h2>Prix</h2>
<p>Les prix sont indiqués en dirhams (MAD), hors taxes et toutes taxes comprises (TVA de 20 %). Ils comprennent l’animation, les supports et, en présentiel, les pauses. Le prix applicable est celui affiché le jour de la confirmation.</p>
<h2>Paiement</h2>
<p>Le paiement se fait par virement ou par chèque, au plus tard le premier jour de la formation pour un particulier, à 30 jours à réception de facture pour une entreprise.</p>
<h2>Annulation ou report par le participant</h2>
<ul>
<li>plus de 10 jours avant le début : sans frais ;</li>
<li>de 10 jours à 3 jours avant : 30 % du prix sont dus ;</li>
<li>moins de 3 jours avant, ou absence : le prix est dû en totalité.</li>
</ul>
<p>Un participant peut toujours se faire remplacer par une autre personne de la même entreprise, sans frais. Le particulier qui s’inscrit à distance dispose en outre du délai de rétractation prévu par la loi n° 31-08 édictant des mesures de protection du consommateur.</p>
<h2>Annulation ou report par BCOS Formation</h2>
<p>Si le nombre minimal de participants n’est pas atteint, ou en cas de force majeure, BCOS Formation peut reporter ou annuler une session au plus tard 5 jours avant son début. Les sommes versées sont alors remboursées en totalité, ou reportées sur une autre session au choix du participant.</p>
<h2>Attestation et supports</h2>
<p>Une attestation de formation est remise à chaque participant ayant suivi la session. Les supports sont réservés à l’usage personnel des participants et ne peuvent être diffusés.</p>
<h2>Droit applicable</h2>
<p>Ces conditions sont soumises au droit marocain. À défaut d’accord amiable, tout litige relève des tribunaux compétents de Casablanca.</p>
<p><em>Texte de démonstration, à compléter et à faire valider avant la mise en ligne.</em></p>',
  body_ar = '<p>تسري هذه الشروط العامة للبيع على جميع الدورات التكوينية التي تقدمها شركة BCOS للتكوين (الدار البيضاء)، حضوريًا أو عن بُعد، للمقاولات والأفراد على حد سواء.</p>
<h2>التسجيل</h2>
<p>التسجيل المرسَل عبر الموقع طلبٌ، ولا يصبح نهائيًا إلا بعد أن يؤكده فريقنا كتابةً (بالبريد الإلكتروني)، وبالنسبة للمقاولات بعد توقيع اتفاقية التكوين. وإذا كان الموعد مكتملًا، يُدرَج طلبك في قائمة الانتظار دون أي التزام.</p>
<h2>الأسعار</h2>
<p>تُعرض الأسعار بالدرهم المغربي، دون احتساب الضريبة وشاملةً لها (الضريبة على القيمة المضافة 20 %). وهي تشمل التأطير والوثائق، واستراحات القهوة في الدورات الحضورية. ويُعتمد السعر المعروض يوم تأكيد التسجيل.</p>
<h2>الأداء</h2>
<p>يتم الأداء بتحويل بنكي أو بشيك، في أجل أقصاه اليوم الأول من الدورة بالنسبة للأفراد، وفي أجل 30 يومًا من تاريخ التوصل بالفاتورة بالنسبة للمقاولات.</p>
<h2>إلغاء المشارك أو تأجيله</h2>
<ul>
<li>قبل أكثر من 10 أيام من بداية الدورة: دون أي مصاريف؛</li>
<li>ما بين 10 أيام و3 أيام قبل البداية: يُستحق 30 % من السعر؛</li>
<li>قبل أقل من 3 أيام، أو في حالة الغياب: يُستحق السعر كاملًا.</li>
</ul>
<p>يمكن للمشارك دائمًا أن يُعوَّض بشخص آخر من المقاولة نفسها دون مصاريف. ويستفيد الفرد الذي يسجّل عن بُعد، فضلًا عن ذلك، من أجل التراجع المنصوص عليه في القانون رقم 31-08 القاضي بتحديد تدابير لحماية المستهلك.</p>
<h2>إلغاء BCOS للتكوين أو تأجيلها</h2>
<p>إذا لم يُبلَغ الحد الأدنى من المشاركين، أو في حالة القوة القاهرة، يمكن لـ BCOS للتكوين تأجيل الدورة أو إلغاؤها قبل 5 أيام على الأقل من بدايتها. وتُرَدّ حينئذ المبالغ المدفوعة كاملةً، أو تُحوَّل إلى موعد آخر حسب اختيار المشارك.</p>
<h2>الشهادة والوثائق</h2>
<p>تُسلَّم شهادة تكوين لكل مشارك تابع الدورة. والوثائق مخصصة للاستعمال الشخصي للمشاركين ولا يجوز نشرها.</p>
<h2>القانون الواجب التطبيق</h2>
<p>تخضع هذه الشروط للقانون المغربي. وفي غياب حل ودي، يُعرض كل نزاع على المحاكم المختصة بالدار البيضاء.</p>
<p><em>نص للعرض التوضيحي، يجب استكماله والتحقق منه قبل النشر.</em></p>'
WHERE slug = 'cgv';

UPDATE legal_pages SET version = 1,
  body_fr = '<p>Une question sur une formation, un devis pour votre équipe ou une formation sur mesure dans vos locaux ? Appelez-nous, écrivez-nous ou passez nous voir : nous vous répondons dans la journée ouvrée.</p>
<p>Pour un devis intra-entreprise, précisez le nombre de participants, la ville et les dates souhaitées.</p>',
  body_ar = '<p>لديك سؤال عن دورة تكوينية، أو تحتاج إلى عرض سعر لفريقك، أو إلى تكوين مُعدّ خصيصًا في مقر مؤسستك؟ اتصل بنا أو راسلنا أو زرنا، وسنجيبك خلال يوم العمل نفسه.</p>
<p>لطلب عرض سعر داخل المؤسسة، يُرجى تحديد عدد المشاركين والمدينة والتواريخ المرغوبة.</p>',
  address_fr = 'BCOS Formation
12 boulevard d’Anfa, 3e étage
20000 Casablanca, Maroc',
  address_ar = 'BCOS للتكوين
12 شارع أنفا، الطابق الثالث
20000 الدار البيضاء، المغرب',
  phone = '+212 5 22 00 00 00',
  email = 'contact@bcos.ma',
  whatsapp = '+212 6 00 00 00 00',
  map_url = 'https://www.openstreetmap.org/search?query=boulevard%20d%27Anfa%2C%20Casablanca',
  hours_fr = 'Lundi – vendredi : 9 h – 18 h
Samedi : 9 h – 13 h',
  hours_ar = 'من الاثنين إلى الجمعة: 09:00 – 18:00
السبت: 09:00 – 13:00'
WHERE slug = 'contact';

-- The demo forms' own consent box (`accept_terms`, the leadership course's landing page among
-- them) links to the terms of sale and the privacy policy above (`[texte](/cgv)`: see the
-- administration guide), so its consent is stored with each enrollment.
UPDATE formations SET inscription_form_fields = (
  SELECT jsonb_agg(CASE WHEN field->>'name' = 'accept_terms' THEN field || jsonb_build_object(
           'label_fr', 'J’accepte les [conditions générales de vente](/cgv) et le traitement de mes données personnelles par BCOS, décrit dans la [politique de confidentialité](/confidentialite).',
           'label_ar', 'أوافق على [الشروط العامة للبيع](/cgv) وعلى معالجة BCOS لمعطياتي الشخصية كما توضحها [سياسة الخصوصية](/confidentialite).')
         ELSE field END ORDER BY position)
  FROM jsonb_array_elements(inscription_form_fields) WITH ORDINALITY AS fields(field, position))
WHERE inscription_form_fields @> '[{"name": "accept_terms"}]'::jsonb;
