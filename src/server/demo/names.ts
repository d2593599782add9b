/** Fictional Flemish names for the demo directory (common first and last names, some accented). */
export const FIRST_NAMES_F = [
  'Anneleen', 'Annelies', 'Astrid', 'Caroline', 'Céline', 'Charlotte', 'Dorien', 'Elke', 'Ellen', 'Els', 'Emma', 'Eva',
  'Evelien', 'Femke', 'Gaëlle', 'Greet', 'Griet', 'Hanne', 'Hélène', 'Ilse', 'Inès', 'Inge', 'Jana', 'Joke', 'Karen',
  'Katrien', 'Kim', 'Laura', 'Lien', 'Lieselot', 'Lore', 'Lotte', 'Marie', 'Marijke', 'Nathalie', 'Nele', 'Noémie',
  'Pauline', 'Renée', 'Sarah', 'Sofie', 'Stefanie', 'Tine', 'Valerie', 'Veerle', 'Wendy', 'Zoë', 'Anaïs', 'Ine', 'Leen',
];
export const FIRST_NAMES_M = [
  'Arne', 'Bart', 'Benoît', 'Bram', 'Brecht', 'Dieter', 'Dirk', 'Filip', 'Frederik', 'Geert', 'Gert', 'Hannes', 'Jan',
  'Jasper', 'Jens', 'Jeroen', 'Jérôme', 'Joël', 'Jonas', 'Joris', 'Karel', 'Kenneth', 'Kevin', 'Koen', 'Kristof', 'Lander',
  'Lieven', 'Luc', 'Maarten', 'Matthias', 'Michaël', 'Nico', 'Niels', 'Pieter', 'Rafaël', 'Robbe', 'Ruben', 'Sander',
  'Stijn', 'Steven', 'Thomas', 'Tim', 'Tom', 'Tuur', 'Wannes', 'Ward', 'Wim', 'Wouter', 'Yves', 'Ziggy',
];
export const LAST_NAMES = [
  'Baert', 'Bailleul', 'Beun', 'Blondeel', 'Boone', 'Bultinck', 'Claeys', 'Coene', 'Cordenier', 'Cornette', 'Cousaert',
  'Debaene', 'Debruyne', 'Declerck', 'Declercq', 'Decock', 'Decroos', 'Dedeyne', 'Defever', 'Degrave', 'Dehaene',
  'Dejonghe', 'Delanote', 'Delbaere', 'Deleu', 'Delrue', 'Demeyere', 'Depoorter', 'Deprez', 'Derycke', 'Deschodt',
  'Desmet', 'Devos', 'Dewaele', 'Dewitte', 'Deweerdt', 'Dumon', 'Feys', 'Goethals', 'Goudeseune', 'Hoflack', 'Huyghe',
  'Lahaye', 'Lamote', 'Lefevere', 'Lermytte', 'Loones', 'Maes', 'Mahieu', 'Masschelein', 'Meersseman', 'Mestdagh',
  'Moerman', 'Monteyne', 'Mortier', 'Naessens', 'Pattyn', 'Pauwels', 'Provoost', 'Quaghebeur', 'Ryckewaert', 'Sabbe',
  'Samyn', 'Seynaeve', 'Soenen', 'Steen', 'Storme', 'Tanghe', 'Terryn', 'Thoré', 'Vanacker', 'Vanbeselaere', 'Vandamme',
  'Vandenberghe', 'Vandenbroucke', 'Vandenbussche', 'Vandevoorde', 'Vanderhaeghe', 'Vanhee', 'Vanhoutte', 'Vanlerberghe',
  'Vanneste', 'Vanoverberghe', 'Vanpeteghem', 'Vansteenkiste', 'Verbeke', 'Vercruysse', 'Verhaeghe', 'Vermeersch',
  'Vermeulen', 'Verstraete', 'Vervaecke', 'Vlaeminck', 'Vandewalle', 'Wyffels', 'Ghesquière', 'Lobelle', 'Mylle',
  'Dequidt', 'Hennion', 'Cappelle',
];

/** "Céline" + "Vande Walle" -> "celine.vandewalle" (ASCII, lower case, no spaces). */
export function emailLocal(firstName: string, lastName: string): string {
  const clean = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '');
  return `${clean(firstName)}.${clean(lastName)}`;
}
