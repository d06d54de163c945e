import type { EventInput } from '../events';
import type { PostInput } from '../posts';

/*
 * The hub's first content, written from shared/content/facts.md. Where the facts are silent
 * (hours, street addresses, publication dates, media addresses) the fields stay empty:
 * all-day events, a city without venue, posts without a date.
 */

const SOGA = 'Social Good Accelerator (SOGA)';

export const ngiForum = {
	slug: 'ngi-forum-2025',
	allDay: true,
	start: '2025-06-19',
	end: '2025-06-20',
	timeZone: 'Europe/Brussels',
	country: 'BE',
	host: 'Next Generation Internet (NGI)',
	texts: {
		fr: {
			title: 'Next Generation Internet Forum 2025',
			city: 'Bruxelles',
			summary:
				'Deux jours à Bruxelles autour d’un thème : « Construire une pile Internet européenne pour la souveraineté numérique européenne ».',
			description: `Le **Next Generation Internet Forum 2025** (#NGIForum25) réunit à Bruxelles la communauté de l’initiative Next Generation Internet (NGI) de la Commission européenne.

Thème de cette édition : « Construire une pile Internet européenne pour la souveraineté numérique européenne ».

L’initiative NGI a financé environ 1 400 projets numériques, parmi lesquels Open Food Facts. L’équipe du ${SOGA} y participe.`
		},
		en: {
			title: 'Next Generation Internet Forum 2025',
			city: 'Brussels',
			summary:
				'Two days in Brussels around one theme: “Building a European Internet Stack for European Digital Sovereignty”.',
			description: `The **Next Generation Internet Forum 2025** (#NGIForum25) brings together in Brussels the community of the European Commission’s Next Generation Internet (NGI) initiative.

This year’s theme: “Building a European Internet Stack for European Digital Sovereignty”.

The NGI initiative has funded about 1,400 digital projects, Open Food Facts among them. The ${SOGA} team takes part.`
		}
	}
} as const satisfies EventInput;

export const coopDesCommunsDay = {
	slug: 'autonomie-numerique-communs-2025',
	allDay: true,
	start: '2025-07-01',
	end: '2025-07-01',
	timeZone: 'Europe/Paris',
	country: 'FR',
	host: 'Coop des Communs',
	texts: {
		fr: {
			title: 'Pour une autonomie numérique fondée sur les communs',
			city: 'Paris',
			summary:
				'Une journée de la Coop des Communs à Paris sur l’autonomie numérique et les communs.',
			description: `L’association **Coop des Communs** organise à Paris une journée consacrée à l’autonomie numérique fondée sur les communs.

Le ${SOGA} y intervient sur les communs numériques et le droit européen.`
		},
		en: {
			title: 'For digital autonomy built on the commons',
			city: 'Paris',
			summary: 'A day in Paris, run by Coop des Communs, on digital autonomy and the commons.',
			description: `The association **Coop des Communs** holds a day in Paris on digital autonomy built on the commons.

The ${SOGA} speaks there on digital commons and European law.`
		}
	}
} as const satisfies EventInput;

export const ngiRecap = {
	slug: 'retour-ngi-forum-2025',
	kind: 'recap',
	texts: {
		fr: {
			title: 'NGI Forum 2025 : ce que nous retenons de Bruxelles',
			body: `Les 19 et 20 juin 2025, Jeanne, Clarisse et Eline, de l’équipe du ${SOGA}, étaient à Bruxelles pour le Next Generation Internet Forum, consacré à la construction d’une pile Internet européenne au service de la souveraineté numérique. Nous y avons rencontré la Direction interministérielle du numérique (DINUM) et la DG Connect de la Commission européenne.

## Les données, c’est le pouvoir

Alexandra Geese l’a rappelé : les données sont devenues une source de pouvoir, « le nouveau pétrole ». Le web d’aujourd’hui repose sur un marché inégal, des services contre nos données personnelles, et les Européens sont en train de le perdre.

## L’Open Internet Stack, un oignon à reconstruire

L’Open Internet Stack (OIS) représente Internet comme un oignon fait de couches. L’idée : remplacer chacune d’elles par des solutions ouvertes, libres et interopérables, conçues en pensant d’abord à leurs utilisateurs.

Pour Thibaut Kleiner, directeur à la DG Connect, l’OIS est une voie concrète vers un cyberespace libre, durable et interopérable. Il s’agit de s’appuyer sur les quelque 1 400 projets financés par NGI. Le projet Eurostack va dans le même sens : des alternatives ouvertes à chaque couche, pour « un oignon 100 % européen ».

## Ce qu’il faut pour y arriver

- de l’investissement, en argent comme en personnes ;
- un soutien politique ;
- un plaidoyer capable de faire face au lobbying des grandes plateformes ;
- une législation concrète en faveur de l’open source ;
- l’usage systématique du logiciel libre dans le secteur public.

## Souveraineté ou autonomie stratégique ?

Qu’on parle de « souveraineté » ou d’« autonomie stratégique européenne », il ne s’agit pas de protectionnisme : il s’agit de rééquilibrer les rapports de force et de valoriser les talents européens.

## Pour aller plus loin

Ces enjeux rejoignent l’avis de la Commission supérieure du numérique et des postes (CSNP), « Communs numériques : vers un modèle souverain et durable », rédigé par Jeanne Bretécher.`
		},
		en: {
			title: 'NGI Forum 2025: what we took home from Brussels',
			body: `On 19 and 20 June 2025, Jeanne, Clarisse and Eline, from the ${SOGA} team, were in Brussels for the Next Generation Internet Forum, devoted to building a European Internet stack for digital sovereignty. There we met the French Direction interministérielle du numérique (DINUM) and the European Commission’s DG Connect.

## Data is power

Alexandra Geese put it plainly: data has become a source of power, “the new oil”. Today’s web runs on an unequal bargain, services in exchange for our personal data, and Europeans are losing it.

## The Open Internet Stack: an onion to rebuild

The Open Internet Stack (OIS) pictures the internet as an onion made of layers. The idea: replace each layer with open, free and interoperable solutions, designed with their users in mind.

For Thibaut Kleiner, director at DG Connect, the OIS is a concrete path to a free, sustainable and interoperable cyberspace, building on the 1,400 or so projects NGI has funded. The Eurostack project points the same way: open alternatives at every layer, for “a 100% European onion”.

## What it will take

- investment, in money and in people;
- political support;
- advocacy that can stand up to the lobbying of the big platforms;
- concrete open-source legislation;
- systematic use of free software in the public sector.

## Sovereignty or strategic autonomy?

Whether we say “sovereignty” or “European strategic autonomy”, this is not protectionism: it is about rebalancing power and valuing European talent.

## Further reading

These questions echo the opinion of the French Commission supérieure du numérique et des postes (CSNP), “Communs numériques : vers un modèle souverain et durable” (Digital commons: towards a sovereign and sustainable model), written by Jeanne Bretécher.`
		}
	}
} as const satisfies Omit<PostInput, 'eventId'>;

export const podcastEpisode = {
	slug: 'parlez-moi-d-ia-jeanne-bretecher',
	kind: 'podcast',
	texts: {
		fr: {
			title: '« Parlez-moi d’IA » avec Jeanne Bretécher',
			body: `Jeanne Bretécher, directrice du ${SOGA}, est l’invitée d’un épisode du podcast « Parlez-moi d’IA ». Elle y parle d’accélérer la transformation numérique de l’économie sociale et solidaire (ESS).

## Les communs numériques comme boussole

Mutualiser les outils, la formation et les données : les communs numériques servent de boussole. Jeanne présente les quatre leviers du SOGA :

- la recherche sur les communs numériques ;
- l’accompagnement collectif : formations, ateliers, communautés de pairs ;
- le plaidoyer auprès des décideurs européens ;
- l’animation de communautés.

## Les obstacles

- un accès inégal aux compétences numériques ;
- une logique de marché surreprésentée dans les outils numériques dominants ;
- l’absence de soutien public structurant pour les modèles numériques alternatifs.

## Les valeurs

Coopération, justice sociale, transparence, souveraineté numérique.

L’épisode est disponible sur YouTube, avec sa transcription complète.`
		},
		en: {
			title: '“Parlez-moi d’IA” with Jeanne Bretécher',
			body: `Jeanne Bretécher, director of the ${SOGA}, is the guest of an episode of the podcast “Parlez-moi d’IA” (Talk to me about AI). She talks about speeding up the digital transformation of the social and solidarity economy (ESS in French).

## Digital commons as a compass

Pooling tools, training and data: digital commons serve as a compass. Jeanne presents SOGA’s four levers:

- research on digital commons;
- collective support: training, workshops, peer communities;
- advocacy towards European decision makers;
- community animation.

## The obstacles

- unequal access to digital skills;
- market logic over-represented in the dominant digital tools;
- no structuring public support for alternative digital models.

## The values

Cooperation, social justice, transparency, digital sovereignty.

The episode is available on YouTube, with a full transcript.`
		}
	}
} as const satisfies PostInput;

export const chatGptArticle = {
	slug: 'ethique-et-performance-chatgpt',
	kind: 'article',
	texts: {
		fr: {
			title: 'Éthique et performance : le cas du développement de ChatGPT',
			body: `Le parcours d’OpenAI éclaire une tension que connaissent bien les organisations à but non lucratif et les acteurs de la tech sociale : celle entre éthique et performance.

## Du non lucratif au « profit plafonné »

OpenAI est fondée en 2015 comme organisation à but non lucratif. En 2019, elle devient une entreprise à « profit plafonné » (*limited-profit*).

## Le coût caché de l’entraînement

En janvier 2023, une enquête du magazine *Time* révèle le recours à des sous-traitants kényans, via Samasource (Sama) : des travailleurs peu payés pour étiqueter des contenus violents et haineux.

## Ce que cela nous apprend

Pour une organisation à but non lucratif ou de la tech sociale, la course à la performance peut entrer en conflit avec ses valeurs. La transparence et la redevabilité sont les conditions de la confiance.`
		},
		en: {
			title: 'Ethics and performance: the case of ChatGPT’s development',
			body: `OpenAI’s path sheds light on a tension well known to non-profits and social-tech organisations: the one between ethics and performance.

## From non-profit to “limited-profit”

OpenAI was founded in 2015 as a non-profit. In 2019 it became a “limited-profit” company.

## The hidden cost of training

In January 2023, an investigation by *Time* magazine revealed the use of Kenyan subcontractors, through Samasource (Sama): workers paid little to label violent and hateful content.

## What it teaches us

For a non-profit or a social-tech organisation, the race for performance can clash with its values. Transparency and accountability are the conditions of trust.`
		}
	}
} as const satisfies PostInput;
