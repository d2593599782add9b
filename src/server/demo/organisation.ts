/**
 * The Westhoek municipalities of the demo and the departments of a Flemish local administration
 * (municipality and OCMW share one). Fictional staff; real place names, postcodes and area codes.
 */
export interface DemoMunicipality {
  id: string;
  name: string;
  postcode: string;
  regional: boolean;
  emailDomain: string;
  /** Area code digits after +32 (57 Poperinge/Ieper/Heuvelland/Vleteren, 58 Veurne/Alveringem, 51 Diksmuide). */
  area: string;
  /** Share of the people of the demo. */
  weight: number;
  /** Short code used in ids ("pop"). */
  code: string;
  offices: { main: string; technical: string; culture: string; welfare: string };
}

export const MUNICIPALITIES: DemoMunicipality[] = [
  { id: 'poperinge', code: 'pop', name: 'Poperinge', postcode: '8970', regional: true, emailDomain: 'poperinge.be', area: '57', weight: 0.42,
    offices: { main: 'Stadhuis, Grote Markt 1, 8970 Poperinge', technical: 'Technische dienst, Vroonhofstraat 22, 8970 Poperinge', culture: 'Bibliotheek, Guido Gezellestraat 7, 8970 Poperinge', welfare: 'Sociaal Huis, Deken De Bolaan 10, 8970 Poperinge' } },
  { id: 'ieper', code: 'iep', name: 'Ieper', postcode: '8900', regional: true, emailDomain: 'ieper.be', area: '57', weight: 0.2,
    offices: { main: 'Stadhuis, Grote Markt 34, 8900 Ieper', technical: 'Stedelijke werkplaats, Oostkaai 5, 8900 Ieper', culture: 'Stadsbibliotheek, Weverijstraat 9, 8900 Ieper', welfare: 'Sociaal Huis, Zonnebekestraat 14, 8900 Ieper' } },
  { id: 'diksmuide', code: 'dik', name: 'Diksmuide', postcode: '8600', regional: true, emailDomain: 'diksmuide.be', area: '51', weight: 0.1,
    offices: { main: 'Stadhuis, Grote Markt 6, 8600 Diksmuide', technical: 'Technische dienst, Woumenweg 100, 8600 Diksmuide', culture: 'Bibliotheek, Vladslostraat 5, 8600 Diksmuide', welfare: 'Sociaal Huis, Kaaskerkestraat 2, 8600 Diksmuide' } },
  { id: 'heuvelland', code: 'heu', name: 'Heuvelland', postcode: '8950', regional: true, emailDomain: 'heuvelland.be', area: '57', weight: 0.07,
    offices: { main: 'Gemeentehuis, Sint-Jansstraat 1, 8950 Heuvelland', technical: 'Gemeentelijke werkplaats, Kemmelstraat 40, 8950 Heuvelland', culture: 'Bibliotheek, Reningelststraat 11, 8950 Heuvelland', welfare: 'Sociaal Huis, Sint-Jansstraat 3, 8950 Heuvelland' } },
  { id: 'vleteren', code: 'vle', name: 'Vleteren', postcode: '8640', regional: true, emailDomain: 'vleteren.be', area: '57', weight: 0.07,
    offices: { main: 'Gemeentehuis, Kapelstraat 2, 8640 Vleteren', technical: 'Gemeentelijke werkplaats, Kapelstraat 30, 8640 Vleteren', culture: 'Bibliotheek, Kapelstraat 4, 8640 Vleteren', welfare: 'Sociaal Huis, Kapelstraat 6, 8640 Vleteren' } },
  { id: 'alveringem', code: 'alv', name: 'Alveringem', postcode: '8690', regional: true, emailDomain: 'alveringem.be', area: '58', weight: 0.07,
    offices: { main: 'Gemeentehuis, Kerkstraat 1, 8690 Alveringem', technical: 'Technische dienst, Lindestraat 12, 8690 Alveringem', culture: 'Bibliotheek, Kerkstraat 9, 8690 Alveringem', welfare: 'Sociaal Huis, Kerkstraat 3, 8690 Alveringem' } },
  // Not part of the regional directory: its staff stay invisible to the other municipalities.
  { id: 'lo-reninge', code: 'lor', name: 'Lo-Reninge', postcode: '8647', regional: false, emailDomain: 'lo-reninge.be', area: '58', weight: 0.07,
    offices: { main: 'Stadhuis, Markt 1, 8647 Lo-Reninge', technical: 'Technische dienst, Oostvleterenstraat 3, 8647 Lo-Reninge', culture: 'Bibliotheek, Markt 6, 8647 Lo-Reninge', welfare: 'Sociaal Huis, Markt 8, 8647 Lo-Reninge' } },
];

export type OfficeKind = keyof DemoMunicipality['offices'];

export interface DemoDepartment {
  slug: string;
  name: string;
  parent?: string;
  office: OfficeKind;
  /** Title of the head. */
  head: string;
  titles: string[];
  /** Relative size. */
  weight: number;
  /** Only in municipalities with at least this many people. */
  minPeople?: number;
}

const ADMIN = ['Administratief medewerker', 'Administratief deskundige', 'Deskundige'];

export const DEPARTMENTS: DemoDepartment[] = [
  { slug: 'secr', name: 'Secretariaat', office: 'main', head: 'Algemeen directeur', titles: ['Administratief medewerker secretariaat', 'Juridisch deskundige', 'Beleidsmedewerker'], weight: 4 },
  { slug: 'burg', name: 'Burgerzaken', office: 'main', head: 'Diensthoofd burgerzaken', titles: ['Medewerker burgerzaken'], weight: 3 },
  { slug: 'bev', name: 'Bevolking', parent: 'burg', office: 'main', head: 'Diensthoofd bevolking', titles: ['Medewerker bevolking', 'Baliemedewerker'], weight: 3, minPeople: 40 },
  { slug: 'bs', name: 'Burgerlijke stand', parent: 'burg', office: 'main', head: 'Diensthoofd burgerlijke stand', titles: ['Medewerker burgerlijke stand'], weight: 2, minPeople: 40 },
  { slug: 'fin', name: 'Financiën', office: 'main', head: 'Financieel directeur', titles: ['Boekhouder', 'Medewerker financiën', 'Deskundige financiën'], weight: 4 },
  { slug: 'aank', name: 'Aankoop', parent: 'fin', office: 'main', head: 'Diensthoofd aankoop', titles: ['Aankoper', 'Medewerker overheidsopdrachten'], weight: 2, minPeople: 60 },
  { slug: 'po', name: 'Personeel & Organisatie', office: 'main', head: 'Diensthoofd personeel', titles: ['HR-medewerker', 'Loonadministrateur', 'HR-consulent'], weight: 3 },
  { slug: 'ict', name: 'ICT', office: 'main', head: 'Diensthoofd ICT', titles: ['Deskundige ICT', 'Systeembeheerder', 'Medewerker helpdesk', 'Informaticus'], weight: 3 },
  { slug: 'com', name: 'Communicatie', office: 'main', head: 'Communicatieverantwoordelijke', titles: ['Deskundige communicatie', 'Grafisch vormgever', 'Webredacteur'], weight: 2 },
  { slug: 'tech', name: 'Technische dienst', office: 'technical', head: 'Diensthoofd technische dienst', titles: ['Technisch assistent', 'Arbeider', 'Ploegbaas', 'Technisch deskundige'], weight: 12 },
  { slug: 'groen', name: 'Groendienst', parent: 'tech', office: 'technical', head: 'Ploegbaas groendienst', titles: ['Groenarbeider', 'Tuinier'], weight: 6, minPeople: 60 },
  { slug: 'omg', name: 'Omgeving', office: 'main', head: 'Diensthoofd omgeving', titles: ['Omgevingsambtenaar', 'Deskundige ruimtelijke ordening', 'Milieuambtenaar'], weight: 3 },
  { slug: 'cult', name: 'Cultuur', office: 'culture', head: 'Cultuurbeleidscoördinator', titles: ['Cultuurfunctionaris', 'Medewerker cultuur'], weight: 2, minPeople: 25 },
  { slug: 'bib', name: 'Bibliotheek', parent: 'cult', office: 'culture', head: 'Bibliothecaris', titles: ['Bibliotheekassistent', 'Bibliotheekmedewerker'], weight: 4 },
  { slug: 'arch', name: 'Archief', parent: 'cult', office: 'culture', head: 'Archivaris', titles: ['Archiefmedewerker'], weight: 1, minPeople: 100 },
  { slug: 'sport', name: 'Sport', office: 'main', head: 'Sportfunctionaris', titles: ['Sportmedewerker', 'Redder'], weight: 3, minPeople: 25 },
  { slug: 'jeugd', name: 'Jeugd', office: 'main', head: 'Jeugdconsulent', titles: ['Jeugdwerker', 'Animator'], weight: 2, minPeople: 25 },
  { slug: 'toer', name: 'Toerisme', office: 'main', head: 'Diensthoofd toerisme', titles: ['Toeristisch medewerker', 'Onthaalmedewerker'], weight: 2, minPeople: 40 },
  { slug: 'welz', name: 'Welzijn en Sociale dienst', office: 'welfare', head: 'Diensthoofd welzijn', titles: ['Maatschappelijk werker', 'Medewerker sociale dienst', 'Thuiszorgmedewerker'], weight: 8 },
  { slug: 'kinder', name: 'Kinderopvang', office: 'welfare', head: 'Coördinator kinderopvang', titles: ['Kinderbegeleider'], weight: 5, minPeople: 40 },
  { slug: 'econ', name: 'Lokale economie', office: 'main', head: 'Deskundige lokale economie', titles: ADMIN, weight: 1, minPeople: 60 },
];
