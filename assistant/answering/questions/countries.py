"""One country, many names: 'France', 'French'; 'Britain', 'British', 'U.K.' - how English
news names a country and its people, for the names stemming and spelling cannot join."""

from __future__ import annotations

from functools import cache

from index.search.terms import terms

# Each line: the names of one country, its adjective and its people. Only forms whose stems
# differ by more than a near spelling (which answering already joins: "Kuwait", "Kuwaiti")
# need be here, but every country of the world is, for any English news.
_NAMES = """
Afghanistan Afghan | Albania Albanian | Algeria Algerian | Angola Angolan
Argentina Argentine Argentinian | Armenia Armenian | Australia Australian | Austria Austrian
Azerbaijan Azerbaijani | Bahrain Bahraini | Bangladesh Bangladeshi | Belarus Belarusian
Belgium Belgian | Bolivia Bolivian | Bosnia Bosnian | Brazil Brazilian | Bulgaria Bulgarian
Burma Myanmar Burmese | Cambodia Cambodian | Cameroon Cameroonian | Canada Canadian
Chile Chilean | China Chinese | Colombia Colombian | Congo Congolese | Croatia Croatian
Cuba Cuban | Cyprus Cypriot | Czechoslovakia Czechoslovak Czech | Denmark Danish Dane Danes
Ecuador Ecuadorean Ecuadorian | Egypt Egyptian | Estonia Estonian | Ethiopia Ethiopian
Fiji Fijian | Finland Finnish Finn Finns | France French Frenchman | Gabon Gabonese
Georgia Georgian | Germany German Germans | Ghana Ghanaian | Greece Greek Greeks
Haiti Haitian | Hungary Hungarian | Iceland Icelandic Icelander | India Indian
Indonesia Indonesian | Iran Iranian | Iraq Iraqi | Ireland Irish | Israel Israeli
Italy Italian | Jamaica Jamaican | Japan Japanese | Jordan Jordanian | Kazakhstan Kazakh
Kenya Kenyan | Korea Korean | Kuwait Kuwaiti | Laos Laotian | Latvia Latvian
Lebanon Lebanese | Libya Libyan | Lithuania Lithuanian | Luxembourg Luxembourgish
Madagascar Malagasy | Malaysia Malaysian | Malta Maltese | Mexico Mexican
Mongolia Mongolian | Morocco Moroccan | Mozambique Mozambican | Nepal Nepalese
Netherlands Holland Dutch | Nicaragua Nicaraguan | Nigeria Nigerian | Norway Norwegian
Oman Omani | Pakistan Pakistani | Panama Panamanian | Paraguay Paraguayan | Peru Peruvian
Philippines Philippine Filipino | Poland Polish | Portugal Portuguese
Qatar Qatari | Romania Romanian Rumania Rumanian | Russia Russian | Rwanda Rwandan
Saudi Saudis | Senegal Senegalese | Serbia Serbian Serb | Singapore Singaporean
Slovakia Slovak | Slovenia Slovenian Slovene | Somalia Somali | Spain Spanish Spaniard
Sudan Sudanese | Sweden Swedish Swede Swedes | Switzerland Swiss | Syria Syrian
Taiwan Taiwanese | Tanzania Tanzanian | Thailand Thai | Tunisia Tunisian | Turkey Turkish Turk
Uganda Ugandan | Ukraine Ukrainian | Uruguay Uruguayan | Uzbekistan Uzbek
Venezuela Venezuelan | Vietnam Vietnamese | Yemen Yemeni | Yugoslavia Yugoslav
Zambia Zambian | Zimbabwe Zimbabwean
Britain British Briton Britons UK | America American Americans US USA | Soviet USSR
Wales Welsh | Scotland Scottish Scot Scots | England English
"""


@cache
def _groups() -> dict[str, frozenset[str]]:
    """Each stemmed name -> the stems of all names of its country."""
    by_term: dict[str, frozenset[str]] = {}
    for line in _NAMES.replace("\n", " | ").split("|"):
        stems = frozenset(t for word in line.split() for t in terms(word))
        for t in stems:
            by_term[t] = stems
    return by_term


def country_forms(term: str) -> frozenset[str]:
    """The stems naming the same country as ``term`` ("french" -> "franc", "british" ->
    "britain", "uk"), empty when it names none."""
    return _groups().get(term, frozenset())
