#include "app/generate_words.hpp"

namespace kompass::app {

// Extracted once from the two texts (letters and inner hyphens make a word; one-letter words other than "i"
// dropped); kept here so that the generator needs no file at run time.
std::string_view seed_words() {
  return R"(och i för med att som av är ett det en på har till kommunen finns de kommuner kan inte den detta exempel
mellan om kommunens kring mrp uppföljning resultat inom kunna strategi olika ska alla kommunövergripande många
sundsvall skulle andra mer landsting men sveriges system övergripande dessa gäller upp flera hur saknas
samverkan utveckla vara år där fram jämförelser se ansvar denna ingen område chefer kommun tydlig under
arbetar verksamheter information kommunkompassen mål resultatstyrning uppdrag egna gemensam sker sätt webben
eller genom mycket nya samarbete arbetet bland internationella nacka stöd utifrån verksamhetsresultat via
analys avseende både enligt goda göra kommunikation medborgare när processer samt uddevalla universitet vid
aktiviteter arbete fler från förbättringar gott hållbar idag medborgarna området politiker politiska
systematiskt tjänstemän tydligt örebro annat antal då externa förbättringsområde ledarskap organisationen
rikare sedan sig styrkor systematik tidigare vad vilket ytterligare även bemötande beslut flesta följs
förbättringsmöjligheter gör görs poäng resultatindikatorer styrning tjänster utvärderarna allmänt anställda
dels inget lönekriterier man mot program rekrytering sin stockholm sundsvalls tre ut viktig arbeta dock
enheter kontakter kungsbacka kvalitetsarbete löpande nivå näringslivet nästan omfattande riktlinjer skl stärka
svagheter tydliga utveckling anslag används barn brukarorientering dialog däremot framförallt får
förvaltningarna här inga kvalitet medarbetare mutor möjligt nämns näringsliv någon några projekt
resultatuppföljning rubriker sina skapa stort styr så ta tillgänglighet tydligare uppföljningen utbildning
verksamhet verktyg åtta ökad östersund arbetsgivare brukare del delar effektivitet eftersom ekonomi ex
fungerar förvaltningar gemensamma gemensamt ger haft interna kommer kvalitetsstrategi kvalitetsutveckling
kvalitetsverktyg lean ligger lokala långt medborgardialog möjlighet nämnder områden politiken politisk service
stora strategier stärkas stödjer synpunkter sådana utan utförare utvecklas utvärdering vill anger brukarna
brukarundersökningar chefsuppdrag dokument efter eskilstuna extern fokus former följa förbättra
förbättringsarbete handlar handlingar innovationer inspiration intervjuade intressant kommit kopplat lokalt
modell nytt nätverk piteå resurser resursplan rutiner svenska svårt sådan tillväxtstrategi umeå valfrihet
varje verksamhetsutveckling viktiga värdegrund återkommande arbetsprocesser back basics bl budgetår budgetåret
bör civilsamhället delegation direkt enhetlig fall form fullmäktige fungera fyra göras ha huvudprocesser inför
innehåller inriktning intervjuerna intrycket jämföra kontroll korruption kreativitet kundcenter livet
lättlästa medarbetarsamtal medborgarundersökningar motverka nämnderna nämnts något personalpolitik politiskt
processmål projektet samarbeten samband samhällsbyggare samma samverkar servicegarantier skall skolor stor
strukturerat styra står synpunkt tas tillgängliga tillväxt två tydliggöra uppgift utbildningsnämnden varierar
verksamheten vi visionen årsberättelse åtgärder öppna allmänhetens använda arbetspolitiskt avvikelsehantering
bara beskriver bestickning bra brukarenkäter budgetprocessen bygger bättre chefsnivåer dagar dagordning
demokrati demokratiutveckling dialogforum diskuteras e-tjänster egen enkät enkäten etc frågestund funktion få
förbättras förbättring förbättringsarbetet föreningar förenings företagen förhållande förmåner första
förvaltningsnivå ge genomförts genomgång genomslag genomslaget gick går hela hemsida hemtjänsten huvud
huvudprocesserna in intranät it-baserat it-stöd it-system kommunala kommunfullmäktige kommunkompassens
kontaktytor koppla kostnader kultur kunnat ledarskapsakademin ledarutveckling leder lokal lyfts lärande
majoritetens mallar medarbetarenkät medarbetarenkäten medarbetarutveckling mittuniversitetet målen målplan
mångfald möten ner nämndernas nämndsnivå nätet också offentlighet oftast organisationer perspektiv protokoll
roll roller saknar samlad samtal senare sex sitt skolan socialtjänsten stad stärker stödprocesser större
synpunkts sådant tar tillsammans traineeprogram träningskort utvärderas utvärderats utöver verksamheterna
vissa visselblåsarfunktion väl värdskapsarbete värdskapsutbildningen webb-tv årets årligen årsberättelsen över
alternativ alternativa analysera analysrapporter användas använder arbetsgivarplattform arbetsplats bedöms
belönar blir borde bredda brukarfokus byggas chefsrollen chefsuppdraget delegerat deltar demokratiarbete
effektiv effektivisera ej enheternas enhetlighet enhetligt enskilda facebook fackliga fem framtagande frihet
frågor följer förankras förbättringsområden förebild företag förhållningssätt förtydliga förutom förvaltning
förvaltningschefer genomfördes genomfört gjordes gjorts god grund hammarö haninge hanteringen helhetssyn helt
heltid hemsidan hitta hos hur-frågor hög ibland ii individuell ingår inriktningsmål insatser internationell
internkontroll intranätet jämför järfälla klagomålshanteringssystem kommungemensamt kommunikationen
kommunorganisationen kompetens kompetensanalys kontaktcenter kopplade kraft kulturlivet kvalitets larm leda
ledarutvecklingsprogram ledningsgrupp lika lite liten lokalsamhället lov länkar mall medarbetarna medverkar
mest mindre mod motsvarar mångfaldsarbetet möjligheten möjligheter möter nu ny nämndsmöten nämndärenden
nöjd-politikerenkäter obligatorisk oegentligheter offentliga ofta oppositionen organisation ovan partierna per
personal personer personliga personligt perspektivet politikernas presterar process processerna processgrupper
processtyrning programmet projektarbete påverkar regelbundna respektive resultatet resultatmål riktar
samarbetet samarbetsavtal samhällsbyggande samlat sammanfattande sammanställs samspelet samtliga segregation
sektorn sett spegla sprider startat styrningen syns systematisk sänds särskilda tal tjäna trollhättan
tvärsektoriellt twitter twitterflöde typ undersökningar uppföljningsdokumenten ur valfriheten var verktygen
värda värde värdegrunden värdskapsarbetet värdskapsutbildning www öckerö öka öppenhet aktivt aktuella allt
almi ambitioner analysen analyser analyseras andel andelen annan annonseras anslaget ansvaret
ansvarsfördelning antagen använts arbetsgivarring arbetsmiljöarbete arbetsmiljön arbetsmyran arbetspolitiska
arbetssituation attraktiv attraktivitet avgiftsfria bedömas befintliga behöver belöningssystem
beslutsprocessen beslutsprocesser besök betonas betraktas bilden bli blivit bloggar botten branschråd brett
brukarbemötande brukarperspektivet budget bästa central chefsdag chefsdagarna chefsmöten chefsnivåerna
civilsamhälle dagordningar danmark dem demokratiarbetet demokratiska detaljerad detsamma diskuterat
dokumenterade dörr e-post effektivitetsstrategin effektivitetssynpunkt effektivitetsutveckling ekonomin
ekonomisk ekonomiskt ekonomistyrning ekonomistyrningen elever eleverna energieffektivisering
energieffektiviseringar energimyndighetens enighet enkäter enstaka erbjuda erbjuder ersatts ettårsplan externt
facknämnderna faktiskt fanns finnas flertal flextid for fordon formulerad forskning framför framkom
framtagandet framåt franzén frivilligorganisationer frontdesk frukostmöten frälsningsarmén främst fullmäktiges
funktionerna funktionschefer fånga fördel föreningsbyrån företrädare förmedlas förslagssystem förstärks
förtydligas förvaltningen förvaltningsorganisationen gamla garantier genomföra genomföras gidenstam grad grupp
grön gunnar gymnasieskolan gå gången gånger göteborgs handikapp handlingarna hanteras hantering hel hemsidorna
hjälp huvudman hyror hänvisas hållbarhet hållbarheten högskolor hösten idrottsanläggningar idrottsföreningar
igenom ihop ingå inkomna innan innehåll innehålla innehållet innovationspris inriktad inriktningen
inriktningsmålen intern internationellt internt intervjuer intressanta introduktionsutbildning investeras
it-stöden jämföras jämförelse jämställdhet jämställdhetsperspektiv jäv kanaler kartläggning katalysator
klagomål klagomålshantering klar klara klarspråksprojekt knutna knyter kommande kommunbygderådet kommunchef
kommunchefen kommundelar kommungemensam kommungemensamma kommunikationsstrategin kommunikatör kommunledningens
kommunstyrelsen kompetensutveckling konkurrera kontinuerliga kontorspersonal kopplas koppling korridor korthet
kriterier kriterium kulturfrukostar kulturförflyttning kultursektorn kundbemötande kunskap kunskapsdraken
kvalitetsredovisningar leader ledande ledarförsörjningsprogram ledarskapet ledarskapsutveckling ledning lena
linje lyfter lägger länder lärandet låg lönekriterierna lönesamtal lönesättning medarbetarsamtalen
medarbetarsamtalet medarbetarutbildning medborgardialogen medborgarförslag medborgarpanel meddelarskydd
mentorsprogram miljöinformation miljökontoret miljökontorets miljötillstånd mitten mittland modellen modeller
mäta målet målplaner målstyrning mångfaldsarbete måste mönster mötesplats nedan norge number
nyföretagarcentrum nöjd nöjda oftare oktober omställning omvärldsanalyser omvärldsbevakning omvärldspaning
omvärldsspaning one organisationens oslo otydlig ovanlig park parter pensionsavgångar pensionärsorganisationer
personalstrategi plan planeras planmässigt polis populärversioner poängen praktikplatser pre princip principen
pris problem procent processarbete processledare processorienteringen professor publicerade påverka påverkan
rapport rapporten rapportering realtid redovisas regionalt regionen rekryteringen rekryteringsstrategi
representanter resultaten resultatenheterna resultatenheternas resursfördelning resursplanen resursplaner
rollfördelning rollfördelningen rubrik samhällsbyggandet sammanfattning sammarbete samspel samverkansformer
samverkanssystem science senaste servicegarantierna ses sidan signerad ske skolledare skolnedläggning
skötselavtal social sociala sporadiskt sprida stanna starka stockholms storlek strategin strategiskt
studentkåren studera styrdokument styrmodellen styrsystemet stäms stärk stödet stödja stödprocesserna största
subventionerade sverige sydafrika synpunktshanteringen systematiska säga sägas säger sättet tagit talet
tegenfeldt teknikförvaltningen telefon tillgång tillväxtstrategin tjänst tjänstemannaledningen tjänsterna
tredje trondheim trygghets tunga tvärgående tycks ulundi undantag uppföljningssystem uppges uppnådda utanför
utbytet utförarna uthållig utmärkelserna utom utredningstid utrymme uttryck utvecklingen utvärderana
utvärderingen varandra varför vd verksamhetsbidrag verksamhetsutvecklingen versioner vilja vilka vilken visar
visas volym välfärdstjänster värderingsstyrt äldreomsorg åkroken års åsa åsikter överallt överst övertramp
agder agenda akademi aktiviteterna aktuell alkohol alkoholtillstånd allmän alls alltid alternativt an
analyserar analyserats analyserna ange anges angivna anläggningar anläggningsbidrag anpassats anses anslutning
anställande ansvariga ansågs antagits användning appar ar arbeidsgiverorganisasjon arbetat arbetsplatser
arbetsplatsnivå arbetsprocesserna arbetsutskott arena arenan arrangerats aspekt aspekten attraherar attraktiva
attraktiviteten avgörande avklingat avropa avsaknad avsaknaden avser avses avstämning avvikelser bakgrund
balans balansen baldersheim baserat bedriva bedrivas bedrivs bedömningarna bedömningen befintlig begränsade
behöva bekräftade belyses belöna belönas belönings bemötandemätningar beror berättar beskrivas beskrivning
beslutade beslutat besluten beställa beställer består besöka besöker betoning betyder bevakat blower bolag
bolagen breda bredare bristande brukar brukaren brukarorienteringen brukarundersökningarna brukarunderökningar
brustit bryt bryta brytas bryter bs budgeten budgeterats budgetering budgetprocesen bygga bygglov
bygglovshantering byter bärs börjar centrala centrum chef chefers chefsdagar chefsförsörjning
chefsförsörjningsprogram chefsinsatser chefsintroduktion chefsrekrytering chefsutbildning civilsamhällets
coachande dagars dagspressen decentralisering deklarationer delaktiga delområden deltagande demokratifrågor
demokratin dess dessutom detalj diagram diagrammet diskussion diskuterar dit dokumenterad dokumenterat drar
driva driver drivmedel drivna därefter därför därmed e-postadress e-postingång e-postingången e-tjänsterna
effekterna efqm efterfrågas efterlyser egenutvecklade eget ekonomiska ekonomisystem ena energi enhetliga
enhetschefer enhetsnivå erbjuds erfarenheten erfarenhetsutbytesprojekt erhållits ersättning etik etnicitet
etnisk eu eu-stödda evalueringsinstitut expertis fastigheter fastigheterna fastighetsbeståndet fattas fattats
fick filmklipp filmsnuttar finas finna flexmöjlighet flödet fokuserar fokusområden folkhälsoarbete
folkhälsoarbetet formas formulerade formulerat fortsätta forum fr framgångsfaktor framgår framstår
framtaganden framtagna framtiden framtidsperspektiv fritid fritt frivilliga fruktbar fröhållningssätt
fullmäktigebeslut fullmäktigemöte fullmäktigemöten fullmäktigemötena fungerande funnits fångar fångas fås
följas följdes förbätt förbättrar förbättringsinsatser förbättringssteg fördela fördelas fördelning fördes
före förebilder förekommer förekommit föreningarna föreningsliv föreningslivet företagens förklarliga
förmedling förmågan förnyad förnyas förordnaden förordnas förs förskola förslag förslags först förtroende
förtroendet förts förtydligande förvalta förvaltningarnas förvaltningens förvaltningsegna förvaltningsledning
förvaltningsledningar förvaltningsnivån förvaltningsspecifika förvaltningsövergripande förvänta förväntad
föräldrar förändring garanti generella genomför genomförandet genomförs genomsnittsnivå genomtänkta
geografiska ges gjort glest granska granskat granskning grunden grundläggande grundskola gym gård gått
göteborg handikappade handla handling handlingsplaner hantera harald helhetsperspektiv heller hemsidor hjälpa
hr huvudområde huvudområden huvudområdena huvudsakliga hälften hänger håller hållet hålls höga högskola högst
högsta högt identifiera identifierbar idrotts idrottsaktiviteter idéer illustreras implementeringen inbegriper
inblandad indelning indikatorer indikerar indirekt individnivå individuellt informationen informerar införa
införande införandet infört ingång inhämtar innebär innebära innovations innovationssystem inrätta inslag
insyn interesse internationalisering internrekrytering intervjugruppernas introduktion introduktionen
investeringar investerings investeringsbidrag iso isolerade it-baserade jag just jämförbart jämförelsen kallat
kanal kartlägga kkik kl klagomålskanal klargjort klargjorts klargör klargörs klienter kluster knappast knappt
knutet kom komma kommunale kommunalt kommunalval kommundirektör kommunenes kommunerna kommunernas kommunernes
kommuners kommunesektorens kommunfullmäktigemöten kommunicera kommuniceras kommunikationskanaler
kommunikationsstrategi kommunikatörer kommuninvånarna kommunkompassutvärderingarna kommunstyrelse
kommunstyrelsens kompetensanalyser kompetensbehovet kompetensutvecklingsbehovet komplettera konceptet
kontakten kopplad korruptionsbekämpning kortfakta kostar kostnaderna kostnadseffektiva kostnadseffektivt
kostverksamhet kostverksamheten kraftmätning kreativitetssystem krevi kritik kritiserade kronor krävs ks
kulturaktiviteter kulturföreningar kulturföreningarna kulturliv kulturstöd kundbemötandepris kvalitativ
kvalitativt kvalitetsarbetet kvalitetsdeklarationer kvalitetsöar källor landsbygden landsbygdsutveckling
landsforening landstings larma lean-arbete ledarprogrammet ledarskapsprogram ledarskapsutvecklingsprogram
ledningen ledorden levererad ligga likaså livsbetingelser lockar lokalpressen lyhörd lägga läggs lägre lägst
lämna lämnar län länge längre länkade läste läxhjälp läxhjälpen långsiktigt lön löner löpte lösas löses
mandatperiod medan medarbetar medarbetarenkäter medarbetares medarbetarnas medarbetarte
medarbetarundersökningen medborgadialogprojekt medborgar medborgaren medborgarmedverkan
medborgarundersökningarna meddelarfrihet medelvärde medier mening meningsfull metoder miljoner miljöarbete
miljöinformationen miljöinsatser minska missnöjda missnöje mkr morten motverkan mrp-arbete mungemensam musik
mäter mångt möjliga möjliggör möjliggöra möta mötesforum möts nationell nationellt naturligt nedanstående
nordiska noterar nyanställda nyrekrytering nyrekryteringsbehov nystartade nytta nämnas nämnde nämndens
nämndordförande nämnds nämndsmöte närheten näringslivsfunktionen näringslivsservice näringslivsstödet
näringslivsutveckling nästa nöjd-politikerenkät nöjdhet oavsett observera officiella ofullständigt og omfattar
omfattas omfattning omhand områdena omsätts omvärlden omvärldsförändringar oppositionens
oppositionsföreträdare optimala ord ordnade oro orsak otal otillfredsställande otydligt ovanligt parafras part
partiarbete partiarbetet partiernas pekar pensionärer pensionärsråden pensionärsrådet personalfunktionen
personalgrupperna personalstrategin planerat planering politik politikerenkäter politikerundersökningar
positiva positivt poängbedömning poängberäkning poängfördelning poängfördelningen praktiken praktisk presidium
privat processbeskrivning processledarare processtyrningen processuppföljningen profil projektform
projektmallar projektsammanställningar prägel publiceras publiceringar påbörjats ramen rapportens rapporteras
ras redan redovisningen redovisningssystem referens reflektion regelbundet regional regionale regler
rekryteringens rekryteringsprocessen rekryteringssteg relation resultatanalys resultatenheter resultatfokus
resultatinformation resultatmått resurserna resursinsats retorik reviderades revideringen riktade riktat
rubriken rör sa sagts sak samarbeta samförstånd samhället samlade sammanfattar sammanfattas sammanfattat
sammanhang sammanställningar sammanträden sammanträdena samordnade samspela samtalet samtidigt samverka
satsning sektorsgränser sentralforbund servicen siq själv skapar skedde skeenden skett skiljer skogligt
skogsklustret skola skolans skolverkets skolverksamheten skäl sköter sköts slagit snitt socialstyrelsen
socialstyrelsens socialt socialtjänstens sparsamt sporadiska spridas standards stark startade startats steg
stimulerar storts strategierna strategisk strategiska strukturen strukturerad strukturerade studerat
studiebesök styrande styrd styrdokumenten styrelsens styrka styrkedja styrkedjan styrmodell styrsystem
städernas ställa ställen stället ställs ständiga stärks stärkt stödform stödsystemen störst sundavall
sundsvallsbornas svarfrekvens svarsfrekvens svensk svår svåra syftar syfte synkroniserade synlig synliggörs
synonymt synpunktssystemet systematiken systemet systemtiken sägs sänka sökverktyg söt söt-samarbetet tabell
tals tanken teater temat teorier texten tid tidsbegränsat tillfälle tillfällen tillgängligt tillhandahålla
tillsyn tillsynsmetoder titta tjänat tjänatemän tjänstedeklarationer tjänstedeklarationerna
tjänsteleverantörer tjänstemannaledning tjänstemannaorganisationen tjänstemännens tjänsteutbud tjänsteutbudet
togs totalt totaltpoäng tqm träffar träffas tvingande tvärsektoriella twitterföde tycka tyckas tydligaste
tydliggör tydliggöras underliggande underlättar underskott undersökning ungdomar ungefärlig uppdragen
uppföljande uppföljningar uppföljningsmodellen uppföljningsmått uppföljningssystemet uppgiften upphandling
upplever upplevs uppnås upprätthålla uppskattade uppstår urskilja utanförskap utbildningen utbyten ute
utformad utförarorganisation utförs utgångspunkt utmaning utmaningen utmärkelse utmärkelsen utnyttja utpekade
utsedda utser uttrycker utvecklar utvecklingsfunktionen utvecklingsområde utvecklingsprogram utvecklingssystem
utvecklingstrender utvärderades utvärderan utvärderar utvärderat utvärderingar utvärderings
utvärderingsgruppen utvärderingsoch valet valprogram vardera varit vart vartannat vedertaget verkar
verksamhetens verksamhetsgränser verksamhetsnivå verksamhetsstyrning verksamhetsuppföljning
verksamhetsuppföljnings-system verktyget version versionen vet vidare vikt vikta vikten viktigaste viktigt
viljeinriktning viljeinriktningen viss vittnar väg väljer vänorter vänortsutbytet vänta väntas värdefull
värderingar värdskap världen västernorrlands våga vårdföretag vårdtagare webbdialoger webbens
webbförbättringarna webbplatsen webbsidorna whistle whistleblower yrkesgrupper äldreomsorgen äldreomsorgens än
ändamålsenliga ändå ännu åbo åren året årlig årliga årsredovisning återfinns återspeglas öar öppen öppnar
örebrokommun överföring övergripandeprocesser översikt överskott övriga)";
}

const std::vector<std::string_view>& sample_finding_texts() {
  static const std::vector<std::string_view> k_texts = {
      "Fullmäktiges beslut sammanfattas och förmedlas på webben",
      "Fullmäktigemötena sänds som webb-tv med twitterflöde i realtid",
      "Allmänhetens frågestund i fullmäktige och öppna nämndsmöten",
      "Dialogforum på webben kopplade till nämndärenden",
      "Nya tydliga riktlinjer och obligatorisk chefsutbildning mot mutor och korruption",
      "Använda Facebook, filmklipp, Twitter och bloggar mer planmässigt",
      "Fortsätta utveckla och bredda medborgardialogen, t.ex. i budgetprocessen",
      "Analysera medborgarundersökningarna och följa upp åtgärder systematiskt",
      "Ingen tydlig strategi för demokratiarbete och medborgardialog",
      "Handlingarna till sammanträdena finns inte på webben",
      "Resultat kommuniceras nästan inte alls till medborgarna",
      "Lättlästa versioner av MRP, årsberättelse och andra tunga dokument saknas",
      "Ingen visselblåsarfunktion för interna och externa larm om oegentligheter",
      "Värdskapsarbete med utbildning för alla anställda",
      "Visionen ”vi ska göra det goda livet möjligt” med tydligt brukarfokus",
      "Nytt system för synpunkter och klagomål (Synpunkt Sundsvall) med klara rutiner",
      "Strukturerad utvärdering och förbättring av de egna webbsidorna",
      "Många e-tjänster på sundsvall.se",
      "Bygga ut den gemensamma e-postingången till ett kontaktcenter för alla kanaler",
      "Öka valfriheten inom fler verksamheter, internt och med externa utförare",
      "Använda brukarundersökningarna mer systematiskt i förbättringsarbetet",
      "Använda inkomna synpunkter mer systematiskt för förbättringar",
      "Införa servicegarantier i fler verksamheter",
      "Bemötande lyfts inte fram som viktig del i rekryteringen",
      "Webben ger ingen möjlighet att jämföra enheter",
      "Tillväxtstrategin RIKARE till 2021, antagen i politisk enighet",
      "Tydlig politisk inriktning i MRP, där oppositionen lägger en egen alternativ plan",
      "Gemensam värdegrund (mod, helhetssyn, öppenhet) som förankras brett",
      "Tydlig styrning genom huvud- och stödprocesser",
      "Klar rollfördelning mellan politiker och tjänstemän",
      "Följa upp de övergripande målen bättre",
      "Styrning och uppföljning mot resultat saknas",
      "Nästan inga resultatindikatorer i MRP",
      "Styr- och uppföljningsdokumenten jämför inte med andra kommuner",
      "Ingen enkät om politikernas nöjdhet med sin arbetssituation",
      "Systematiskt processarbete med processgrupper och processledare",
      "Systematiskt projektarbete med gemensamma mallar",
      "Personliga chefsuppdrag med målplaner som följs upp",
      "Samlat kommunövergripande ledarskap med gemensam ledningsgrupp och chefsdagar",
      "Omfattande ledarutveckling genom Ledarskapsakademin och chefsintroduktion",
      "Förtydliga chefsuppdraget och följa upp det samlat",
      "Hantera resultatenheternas ansvar mer enhetligt mellan förvaltningarna",
      "Utveckla kommunikationen mellan chefsnivåerna ytterligare",
      "Mer samarbete om ledarskap med forskning och näringsliv",
      "Systematisk uppföljning av de övergripande processerna",
      "Ekonomi och resultat diskuteras lokalt bland chefer och medarbetare",
      "Tydlig ekonomisk uppföljning under budgetåret",
      "Många exempel på extern samverkan som förbättrar servicen",
      "Göra effektivitetsstrategin (Effektiv kommun i RIKARE) tydlig i organisationen",
      "Ingen enhetlig avvikelsehantering för verksamhetsresultat",
      "Fler verksamheter bör förbättra sina lokala arbetsprocesser, t.ex. med LEAN",
      "Ingen tydlig strategi för resultatstyrning",
      "Inget IT-baserat system för uppföljning av verksamhetsresultat",
      "Inga dokumenterade jämförelser av resultat i styrning och uppföljning",
      "Flera förmåner för anställda, t.ex. träningskort, heltid och flextid",
      "Värdskapsutbildningen som gemensam medarbetarutbildning",
      "God systematik i medarbetarsamtalen med gemensam mall och målplan",
      "Ta fram det nya arbetspolitiska programmet",
      "Kartlägga och analysera kompetensbehovet för hela kommunen",
      "Bryta ner och tydliggöra de övergripande lönekriterierna per verksamhet",
      "Mer systematisk uppföljning av medarbetarenkäten",
      "Se till att mångfaldsarbetet får tydligare genomslag och följs upp",
      "Ingen kommunövergripande rekryteringsstrategi",
      "Många exempel på omvärldsbevakning och analys",
      "Utveckla befintliga och nya kommungemensamma kvalitetsverktyg och koppla dem till styrningen",
      "Samverka mer med universitet och högskolor för att utveckla tjänsterna",
      "Utveckla de interna IT-stöden",
      "Ingen kommunövergripande kvalitetsstrategi",
      "Inget system som stödjer, belönar och sprider innovationer och kreativitet",
      "Strategier för de flesta delar av samhällsbyggandet",
      "Många kontaktytor med civilsamhället",
      "Flera former av stöd till förenings- och kulturliv",
      "Många former av kontakter och stöd till näringslivet",
      "Stora investeringar i energieffektivisering av egna fastigheter",
      "Omfattande miljöinformation till medborgare och brukare",
      "Det sociala projektet Back2Basics mot segregation",
      "Stärka samverkan mellan förvaltningarna och näringslivet",
      "Utveckla fler internationella kontakter och samarbeten",
      "MRP knyter inte an till någon internationell strategi",
  };
  return k_texts;
}

} // namespace kompass::app
