# Osteon de-identification profile: DICOM PS3.15 Annex E, Table E.1-1 (2024b), Basic Application
# Level Confidentiality Profile, with the options Osteon supports. Research prototype, NOT FOR CLINICAL USE.
#
# The engine (org.osteon.streams.deid.profile) applies this file as written; change the table here, bump
# `version`, and every audit record names the version that de-identified an object.
#
# Lines are tab-separated. '#' starts a comment.
#   profile  <id>                      the profile's name, recorded in audit records
#   version  <version>                 bump on any change to this file
#   standard <text>                    what the table transcribes
#   option   <name> <DCM code> <meaning> <default on|off>
#                                      an option: its code goes into De-identification Method Code Sequence
#   vr-rule  <option> <VR,VR,...> <action>
#                                      when <option> is on, a listed attribute with one of these VRs takes
#                                      <action>, unless its own row names the option
#   attr     <(gggg,eeee)> <basic action> <option=action,...|-> <name>
#                                      'x' in a tag is a wildcard digit (repeating groups: curves, overlays)
#   private  <(gggg,xxee)> <private creator> <VR> <why it is safe>
#                                      Retain Safe Private: a private attribute that option keeps
#
# Osteon applies two options more narrowly than Table E.1-1 allows, which PS3.15 permits (a de-identifier
# may always remove more): Clean Descriptors cleans descriptions of the examination (study, series,
# protocol, procedure step, derivation, contrast) but not free-text comments, histories or reasons,
# which are removed; Retain Patient Characteristics keeps age, sex, size, weight, ethnic group, smoking
# and pregnancy status, and removes the free-text ones (allergies, alerts, state, needs, occupation).
#
# Actions (PS3.15 Table E.1-1 codes): D dummy value, Z zero length, X remove, K keep, C clean,
# U replace UID with a keyed 2.25 UID. A combined code (X/Z, X/D, Z/D, X/Z/D, X/Z/U*) lets the
# de-identifier pick whatever keeps the object valid for its IOD; `combined` lines say which Osteon picks:
# emptying (Z) keeps a Type 2 attribute present, a dummy (D) keeps a Type 1 attribute valued.
profile	osteon-ps3.15-basic
version	2024b.2
standard	DICOM PS3.15 2024b Annex E Table E.1-1
option	retain-patient-characteristics	113108	Retain Patient Characteristics Option	on
option	retain-longitudinal-modified-dates	113107	Retain Longitudinal Temporal Information Modified Dates Option	on
option	clean-descriptors	113105	Clean Descriptors Option	on
option	retain-safe-private	113111	Retain Safe Private Option	off
vr-rule	retain-longitudinal-modified-dates	DA,DT,TM	C
combined	X/Z	Z
combined	X/D	D
combined	Z/D	D
combined	X/Z/D	Z
combined	X/Z/U*	U
# Retain Safe Private: none listed by default. Add a row per attribute a vendor documents as free of
# identifying information, e.g.
# private	(0019,xx10)	SIEMENS MED	DS	detector exposure index, no identifiers
attr	(0000,1000)	X	-	Affected SOP Instance UID
attr	(0000,1001)	U	-	Requested SOP Instance UID
attr	(0002,0003)	U	-	Media Storage SOP Instance UID
attr	(0004,1511)	U	-	Referenced SOP Instance UID in File
attr	(0008,0012)	X/D	-	Instance Creation Date
attr	(0008,0013)	X/Z/D	-	Instance Creation Time
attr	(0008,0014)	U	-	Instance Creator UID
attr	(0008,0015)	X	-	Instance Coercion DateTime
attr	(0008,0017)	U	-	Acquisition UID
attr	(0008,0018)	U	-	SOP Instance UID
attr	(0008,0019)	U	-	Pyramid UID
attr	(0008,0020)	Z	-	Study Date
attr	(0008,0021)	X/D	-	Series Date
attr	(0008,0022)	X/Z	-	Acquisition Date
attr	(0008,0023)	Z/D	-	Content Date
attr	(0008,0024)	X	-	Overlay Date
attr	(0008,0025)	X	-	Curve Date
attr	(0008,002A)	X/Z/D	-	Acquisition DateTime
attr	(0008,0030)	Z	-	Study Time
attr	(0008,0031)	X/D	-	Series Time
attr	(0008,0032)	X/Z	-	Acquisition Time
attr	(0008,0033)	Z/D	-	Content Time
attr	(0008,0034)	X	-	Overlay Time
attr	(0008,0035)	X	-	Curve Time
attr	(0008,0050)	Z	-	Accession Number
attr	(0008,0054)	X	-	Retrieve AE Title
attr	(0008,0055)	X	-	Station AE Title
attr	(0008,0058)	U	-	Failed SOP Instance UID List
attr	(0008,0080)	X/Z/D	-	Institution Name
attr	(0008,0081)	X	-	Institution Address
attr	(0008,0082)	X/Z/D	-	Institution Code Sequence
attr	(0008,0090)	Z	-	Referring Physician's Name
attr	(0008,0092)	X	-	Referring Physician's Address
attr	(0008,0094)	X	-	Referring Physician's Telephone Numbers
attr	(0008,0096)	X	-	Referring Physician Identification Sequence
attr	(0008,009C)	Z	-	Consulting Physician's Name
attr	(0008,009D)	X	-	Consulting Physician Identification Sequence
attr	(0008,0106)	D	-	Context Group Version
attr	(0008,0107)	D	-	Context Group Local Version
attr	(0008,0201)	X	-	Timezone Offset From UTC
attr	(0008,1000)	X	-	Network ID
attr	(0008,1010)	X/Z/D	-	Station Name
attr	(0008,1030)	X	clean-descriptors=C	Study Description
attr	(0008,103E)	X	clean-descriptors=C	Series Description
attr	(0008,1040)	X	-	Institutional Department Name
attr	(0008,1041)	X	-	Institutional Department Type Code Sequence
attr	(0008,1048)	X	-	Physician(s) of Record
attr	(0008,1049)	X	-	Physician(s) of Record Identification Sequence
attr	(0008,1050)	X	-	Performing Physician's Name
attr	(0008,1052)	X	-	Performing Physician Identification Sequence
attr	(0008,1060)	X	-	Name of Physician(s) Reading Study
attr	(0008,1062)	X	-	Physician(s) Reading Study Identification Sequence
attr	(0008,1070)	X/Z/D	-	Operators' Name
attr	(0008,1072)	X/D	-	Operator Identification Sequence
attr	(0008,1080)	X	-	Admitting Diagnoses Description
attr	(0008,1084)	X	-	Admitting Diagnoses Code Sequence
attr	(0008,1088)	X	-	Pyramid Description
attr	(0008,1110)	X/Z	-	Referenced Study Sequence
attr	(0008,1111)	X/Z/D	-	Referenced Performed Procedure Step Sequence
attr	(0008,1120)	X	-	Referenced Patient Sequence
attr	(0008,1140)	X/Z/U*	-	Referenced Image Sequence
attr	(0008,1155)	U	-	Referenced SOP Instance UID
attr	(0008,1195)	U	-	Transaction UID
attr	(0008,2111)	X	clean-descriptors=C	Derivation Description
attr	(0008,2112)	X/Z/U*	-	Source Image Sequence
attr	(0008,3010)	U	-	Irradiation Event UID
attr	(0008,4000)	X	-	Identifying Comments
attr	(0010,0010)	Z	-	Patient's Name
attr	(0010,0020)	Z	-	Patient ID
attr	(0010,0021)	X	-	Issuer of Patient ID
attr	(0010,0030)	Z	retain-longitudinal-modified-dates=Z	Patient's Birth Date
attr	(0010,0032)	X	retain-longitudinal-modified-dates=X	Patient's Birth Time
attr	(0010,0040)	Z	retain-patient-characteristics=K	Patient's Sex
attr	(0010,0050)	X	-	Patient's Insurance Plan Code Sequence
attr	(0010,0101)	X	-	Patient's Primary Language Code Sequence
attr	(0010,0102)	X	-	Patient's Primary Language Modifier Code Sequence
attr	(0010,1000)	X	-	Other Patient IDs
attr	(0010,1001)	X	-	Other Patient Names
attr	(0010,1002)	X	-	Other Patient IDs Sequence
attr	(0010,1005)	X	-	Patient's Birth Name
attr	(0010,1010)	X	retain-patient-characteristics=K	Patient's Age
attr	(0010,1020)	X	retain-patient-characteristics=K	Patient's Size
attr	(0010,1030)	X	retain-patient-characteristics=K	Patient's Weight
attr	(0010,1040)	X	-	Patient's Address
attr	(0010,1050)	X	-	Insurance Plan Identification
attr	(0010,1060)	X	-	Patient's Mother's Birth Name
attr	(0010,1080)	X	-	Military Rank
attr	(0010,1081)	X	-	Branch of Service
attr	(0010,1090)	X	-	Medical Record Locator
attr	(0010,1100)	X	-	Referenced Patient Photo Sequence
attr	(0010,2000)	X	-	Medical Alerts
attr	(0010,2110)	X	-	Allergies
attr	(0010,2150)	X	-	Country of Residence
attr	(0010,2152)	X	-	Region of Residence
attr	(0010,2154)	X	-	Patient's Telephone Numbers
attr	(0010,2155)	X	-	Patient's Telecom Information
attr	(0010,2160)	X	retain-patient-characteristics=K	Ethnic Group
attr	(0010,2180)	X	-	Occupation
attr	(0010,21A0)	X	retain-patient-characteristics=K	Smoking Status
attr	(0010,21B0)	X	-	Additional Patient History
attr	(0010,21C0)	X	retain-patient-characteristics=K	Pregnancy Status
attr	(0010,21D0)	X	retain-longitudinal-modified-dates=X	Last Menstrual Date
attr	(0010,21F0)	X	-	Patient's Religious Preference
attr	(0010,2203)	X/Z	retain-patient-characteristics=K	Patient's Sex Neutered
attr	(0010,2297)	X	-	Responsible Person
attr	(0010,2299)	X	-	Responsible Organization
attr	(0010,4000)	X	-	Patient Comments
attr	(0012,0010)	D	-	Clinical Trial Sponsor Name
attr	(0012,0020)	D	-	Clinical Trial Protocol ID
attr	(0012,0021)	Z	-	Clinical Trial Protocol Name
attr	(0012,0030)	Z	-	Clinical Trial Site ID
attr	(0012,0031)	Z	-	Clinical Trial Site Name
attr	(0012,0040)	D	-	Clinical Trial Subject ID
attr	(0012,0042)	D	-	Clinical Trial Subject Reading ID
attr	(0012,0050)	Z	-	Clinical Trial Time Point ID
attr	(0012,0051)	X	-	Clinical Trial Time Point Description
attr	(0012,0060)	Z	-	Clinical Trial Coordinating Center Name
attr	(0012,0071)	X	-	Clinical Trial Series ID
attr	(0012,0072)	X	clean-descriptors=C	Clinical Trial Series Description
attr	(0012,0081)	D	-	Clinical Trial Protocol Ethics Committee Name
attr	(0012,0082)	X	-	Clinical Trial Protocol Ethics Committee Approval Number
attr	(0012,0086)	X	-	Ethics Committee Approval Effectiveness Start Date
attr	(0012,0087)	X	-	Ethics Committee Approval Effectiveness End Date
attr	(0014,407C)	X	-	Calibration Time
attr	(0014,407E)	X	-	Calibration Date
attr	(0016,002B)	X	-	Maker Note
attr	(0016,004B)	X	-	Device Setting Description
attr	(0016,004D)	X	-	Camera Owner Name
attr	(0016,004E)	X	-	Lens Specification
attr	(0016,004F)	X	-	Lens Make
attr	(0016,0050)	X	-	Lens Model
attr	(0016,0051)	X	-	Lens Serial Number
attr	(0016,0070)	X	-	GPS Version ID
attr	(0016,0071)	X	-	GPS Latitude Ref
attr	(0016,0072)	X	-	GPS Latitude
attr	(0016,0073)	X	-	GPS Longitude Ref
attr	(0016,0074)	X	-	GPS Longitude
attr	(0016,0075)	X	-	GPS Altitude Ref
attr	(0016,0076)	X	-	GPS Altitude
attr	(0016,0077)	X	-	GPS Time Stamp
attr	(0016,0078)	X	-	GPS Satellites
attr	(0016,0079)	X	-	GPS Status
attr	(0016,007A)	X	-	GPS Measure Mode
attr	(0016,007B)	X	-	GPS DOP
attr	(0016,007C)	X	-	GPS Speed Ref
attr	(0016,007D)	X	-	GPS Speed
attr	(0016,007E)	X	-	GPS Track Ref
attr	(0016,007F)	X	-	GPS Track
attr	(0016,0080)	X	-	GPS Img Direction Ref
attr	(0016,0081)	X	-	GPS Img Direction
attr	(0016,0082)	X	-	GPS Map Datum
attr	(0016,0083)	X	-	GPS Dest Latitude Ref
attr	(0016,0084)	X	-	GPS Dest Latitude
attr	(0016,0085)	X	-	GPS Dest Longitude Ref
attr	(0016,0086)	X	-	GPS Dest Longitude
attr	(0016,0087)	X	-	GPS Dest Bearing Ref
attr	(0016,0088)	X	-	GPS Dest Bearing
attr	(0016,0089)	X	-	GPS Dest Distance Ref
attr	(0016,008A)	X	-	GPS Dest Distance
attr	(0016,008B)	X	-	GPS Processing Method
attr	(0016,008C)	X	-	GPS Area Information
attr	(0016,008D)	X	-	GPS Date Stamp
attr	(0016,008E)	X	-	GPS Differential
attr	(0018,0010)	Z/D	clean-descriptors=C	Contrast/Bolus Agent
attr	(0018,0027)	X	-	Intervention Drug Stop Time
attr	(0018,0035)	X	-	Intervention Drug Start Time
attr	(0018,1000)	X/Z/D	-	Device Serial Number
attr	(0018,1002)	U	-	Device UID
attr	(0018,1004)	X	-	Plate ID
attr	(0018,1005)	X	-	Generator ID
attr	(0018,1007)	X	-	Cassette ID
attr	(0018,1008)	X	-	Gantry ID
attr	(0018,1009)	X	-	Unique Device Identifier
attr	(0018,100A)	X	-	UDI Sequence
attr	(0018,100B)	U	-	Manufacturer's Device Class UID
attr	(0018,1012)	X	-	Date of Secondary Capture
attr	(0018,1014)	X	-	Time of Secondary Capture
attr	(0018,1030)	X/D	clean-descriptors=C	Protocol Name
attr	(0018,1042)	X	-	Contrast/Bolus Start Time
attr	(0018,1043)	X	-	Contrast/Bolus Stop Time
attr	(0018,1072)	X	-	Radiopharmaceutical Start Time
attr	(0018,1073)	X	-	Radiopharmaceutical Stop Time
attr	(0018,1078)	X	-	Radiopharmaceutical Start DateTime
attr	(0018,1079)	X	-	Radiopharmaceutical Stop DateTime
attr	(0018,11BB)	D	-	Acquisition Field Of View Label
attr	(0018,1200)	X	-	Date of Last Calibration
attr	(0018,1201)	X	-	Time of Last Calibration
attr	(0018,1202)	X	-	DateTime of Last Calibration
attr	(0018,1203)	Z	-	Calibration DateTime
attr	(0018,1204)	X	-	Date of Manufacture
attr	(0018,1205)	X	-	Date of Installation
attr	(0018,1400)	X/D	clean-descriptors=C	Acquisition Device Processing Description
attr	(0018,2042)	U	-	Target UID
attr	(0018,4000)	X	-	Acquisition Comments
attr	(0018,5011)	X	-	Transducer Identification Sequence
attr	(0018,700A)	X/D	-	Detector ID
attr	(0018,700C)	X/D	-	Date of Last Detector Calibration
attr	(0018,700E)	X/D	-	Time of Last Detector Calibration
attr	(0018,9074)	D	-	Frame Acquisition DateTime
attr	(0018,9151)	D	-	Frame Reference DateTime
attr	(0018,9185)	X	clean-descriptors=C	Respiratory Motion Compensation Technique Description
attr	(0018,9367)	D	-	X-Ray Source ID
attr	(0018,9369)	D	-	Source Start DateTime
attr	(0018,936A)	D	-	Source End DateTime
attr	(0018,9371)	D	-	X-Ray Detector ID
attr	(0018,9373)	X	-	X-Ray Detector Label
attr	(0018,937B)	X	-	Multi-energy Acquisition Description
attr	(0018,937F)	X	-	Decomposition Description
attr	(0018,9424)	X	clean-descriptors=C	Acquisition Protocol Description
attr	(0018,9516)	X/D	-	Start Acquisition DateTime
attr	(0018,9517)	X/D	-	End Acquisition DateTime
attr	(0018,9623)	D	-	Functional Sync Pulse
attr	(0018,9701)	D	-	Decay Correction DateTime
attr	(0018,9804)	D	-	Exclusion Start DateTime
attr	(0018,9919)	Z/D	-	Instruction Performed DateTime
attr	(0018,9937)	X	clean-descriptors=C	Requested Series Description
attr	(0018,A002)	X	-	Contribution DateTime
attr	(0018,A003)	X	-	Contribution Description
attr	(0020,000D)	U	-	Study Instance UID
attr	(0020,000E)	U	-	Series Instance UID
attr	(0020,0010)	Z	-	Study ID
attr	(0020,0027)	X	-	Pyramid Label
attr	(0020,0052)	U	-	Frame of Reference UID
attr	(0020,0200)	U	-	Synchronization Frame of Reference UID
attr	(0020,3401)	X	-	Modifying Device ID
attr	(0020,3403)	X	-	Modified Image Date
attr	(0020,3405)	X	-	Modified Image Time
attr	(0020,3406)	X	clean-descriptors=C	Modified Image Description
attr	(0020,4000)	X	-	Image Comments
attr	(0020,9158)	X	-	Frame Comments
attr	(0020,9161)	U	-	Concatenation UID
attr	(0020,9164)	U	-	Dimension Organization UID
attr	(0028,1199)	U	-	Palette Color Lookup Table UID
attr	(0028,1214)	U	-	Large Palette Color Lookup Table UID
attr	(0028,4000)	X	-	Image Presentation Comments
attr	(0032,0012)	X	-	Study ID Issuer
attr	(0032,0032)	X	-	Study Verified Date
attr	(0032,0033)	X	-	Study Verified Time
attr	(0032,0034)	X	-	Study Read Date
attr	(0032,0035)	X	-	Study Read Time
attr	(0032,1000)	X	-	Scheduled Study Start Date
attr	(0032,1001)	X	-	Scheduled Study Start Time
attr	(0032,1010)	X	-	Scheduled Study Stop Date
attr	(0032,1011)	X	-	Scheduled Study Stop Time
attr	(0032,1020)	X	-	Scheduled Study Location
attr	(0032,1021)	X	-	Scheduled Study Location AE Title
attr	(0032,1030)	X	-	Reason for Study
attr	(0032,1032)	X	-	Requesting Physician
attr	(0032,1033)	X	-	Requesting Service
attr	(0032,1040)	X	-	Study Arrival Date
attr	(0032,1041)	X	-	Study Arrival Time
attr	(0032,1050)	X	-	Study Completion Date
attr	(0032,1051)	X	-	Study Completion Time
attr	(0032,1060)	X/Z	clean-descriptors=C	Requested Procedure Description
attr	(0032,1066)	X	-	Reason for Visit
attr	(0032,1067)	X	-	Reason for Visit Code Sequence
attr	(0032,1070)	X	clean-descriptors=C	Requested Contrast Agent
attr	(0032,4000)	X	-	Study Comments
attr	(0034,0001)	D	-	Flow Identifier Sequence
attr	(0034,0002)	D	-	Flow Identifier
attr	(0034,0005)	D	-	Source Identifier
attr	(0034,0007)	D	-	Frame Origin Timestamp
attr	(0038,0004)	X	-	Referenced Patient Alias Sequence
attr	(0038,0010)	X	-	Admission ID
attr	(0038,0011)	X	-	Issuer of Admission ID
attr	(0038,0014)	X	-	Issuer of Admission ID Sequence
attr	(0038,001A)	X	-	Scheduled Admission Date
attr	(0038,001B)	X	-	Scheduled Admission Time
attr	(0038,001C)	X	-	Scheduled Discharge Date
attr	(0038,001D)	X	-	Scheduled Discharge Time
attr	(0038,001E)	X	-	Scheduled Patient Institution Residence
attr	(0038,0020)	X	-	Admitting Date
attr	(0038,0021)	X	-	Admitting Time
attr	(0038,0030)	X	-	Discharge Date
attr	(0038,0032)	X	-	Discharge Time
attr	(0038,0040)	X	-	Discharge Diagnosis Description
attr	(0038,0050)	X	-	Special Needs
attr	(0038,0060)	X	-	Service Episode ID
attr	(0038,0061)	X	-	Issuer of Service Episode ID
attr	(0038,0062)	X	-	Service Episode Description
attr	(0038,0064)	X	-	Issuer of Service Episode ID Sequence
attr	(0038,0300)	X	-	Current Patient Location
attr	(0038,0400)	X	-	Patient's Institution Residence
attr	(0038,0500)	X	-	Patient State
attr	(0038,4000)	X	-	Visit Comments
attr	(003A,0310)	U	-	Multiplex Group UID
attr	(003A,0314)	D	-	Impedance Measurement DateTime
attr	(003A,0329)	X	-	Waveform Filter Description
attr	(003A,032B)	X	-	Filter Lookup Table Description
attr	(0040,0001)	X	-	Scheduled Station AE Title
attr	(0040,0002)	X	-	Scheduled Procedure Step Start Date
attr	(0040,0003)	X	-	Scheduled Procedure Step Start Time
attr	(0040,0004)	X	-	Scheduled Procedure Step End Date
attr	(0040,0005)	X	-	Scheduled Procedure Step End Time
attr	(0040,0006)	X	-	Scheduled Performing Physician's Name
attr	(0040,0007)	X	clean-descriptors=C	Scheduled Procedure Step Description
attr	(0040,0009)	X	-	Scheduled Procedure Step ID
attr	(0040,000B)	X	-	Scheduled Performing Physician Identification Sequence
attr	(0040,0010)	X	-	Scheduled Station Name
attr	(0040,0011)	X	-	Scheduled Procedure Step Location
attr	(0040,0012)	X	-	Pre-Medication
attr	(0040,0241)	X	-	Performed Station AE Title
attr	(0040,0242)	X	-	Performed Station Name
attr	(0040,0243)	X	-	Performed Location
attr	(0040,0244)	X	-	Performed Procedure Step Start Date
attr	(0040,0245)	X	-	Performed Procedure Step Start Time
attr	(0040,0250)	X	-	Performed Procedure Step End Date
attr	(0040,0251)	X	-	Performed Procedure Step End Time
attr	(0040,0253)	X	-	Performed Procedure Step ID
attr	(0040,0254)	X	clean-descriptors=C	Performed Procedure Step Description
attr	(0040,0275)	X	-	Request Attributes Sequence
attr	(0040,0280)	X	-	Comments on the Performed Procedure Step
attr	(0040,0310)	X	-	Comments on Radiation Dose
attr	(0040,050A)	X	-	Specimen Accession Number
attr	(0040,0512)	D	-	Container Identifier
attr	(0040,0513)	Z	-	Issuer of the Container Identifier Sequence
attr	(0040,051A)	X	-	Container Description
attr	(0040,0551)	D	-	Specimen Identifier
attr	(0040,0554)	U	-	Specimen UID
attr	(0040,0555)	X/Z	-	Acquisition Context Sequence
attr	(0040,0562)	Z	-	Issuer of the Specimen Identifier Sequence
attr	(0040,0600)	X	-	Specimen Short Description
attr	(0040,0602)	X	-	Specimen Detailed Description
attr	(0040,0610)	Z	-	Specimen Preparation Sequence
attr	(0040,06FA)	X	-	Slide Identifier
attr	(0040,1001)	X	-	Requested Procedure ID
attr	(0040,1002)	X	-	Reason for the Requested Procedure
attr	(0040,1004)	X	-	Patient Transport Arrangements
attr	(0040,1005)	X	-	Requested Procedure Location
attr	(0040,100A)	X	-	Reason for Requested Procedure Code Sequence
attr	(0040,1010)	X	-	Names of Intended Recipients of Results
attr	(0040,1011)	X	-	Intended Recipients of Results Identification Sequence
attr	(0040,1101)	D	-	Person Identification Code Sequence
attr	(0040,1102)	X	-	Person's Address
attr	(0040,1103)	X	-	Person's Telephone Numbers
attr	(0040,1104)	X	-	Person's Telecom Information
attr	(0040,1400)	X	-	Requested Procedure Comments
attr	(0040,2001)	X	-	Reason for the Imaging Service Request
attr	(0040,2004)	X	-	Issue Date of Imaging Service Request
attr	(0040,2005)	X	-	Issue Time of Imaging Service Request
attr	(0040,2008)	X	-	Order Entered By
attr	(0040,2009)	X	-	Order Enterer's Location
attr	(0040,2010)	X	-	Order Callback Phone Number
attr	(0040,2011)	X	-	Order Callback Telecom Information
attr	(0040,2016)	Z	-	Placer Order Number / Imaging Service Request
attr	(0040,2017)	Z	-	Filler Order Number / Imaging Service Request
attr	(0040,2400)	X	-	Imaging Service Request Comments
attr	(0040,3001)	X	-	Confidentiality Constraint on Patient Data Description
attr	(0040,4005)	X	-	Scheduled Procedure Step Start DateTime
attr	(0040,4008)	X	-	Scheduled Procedure Step Expiration DateTime
attr	(0040,4010)	X	-	Scheduled Procedure Step Modification DateTime
attr	(0040,4011)	X	-	Expected Completion DateTime
attr	(0040,4023)	U	-	Referenced General Purpose Scheduled Procedure Step Transaction UID
attr	(0040,4025)	X	-	Scheduled Station Name Code Sequence
attr	(0040,4027)	X	-	Scheduled Station Geographic Location Code Sequence
attr	(0040,4028)	X	-	Performed Station Name Code Sequence
attr	(0040,4030)	X	-	Performed Station Geographic Location Code Sequence
attr	(0040,4034)	X	-	Scheduled Human Performers Sequence
attr	(0040,4035)	X	-	Actual Human Performers Sequence
attr	(0040,4036)	X	-	Human Performer's Organization
attr	(0040,4037)	X	-	Human Performer's Name
attr	(0040,4050)	X	-	Performed Procedure Step Start DateTime
attr	(0040,4051)	X	-	Performed Procedure Step End DateTime
attr	(0040,4052)	X	-	Procedure Step Cancellation DateTime
attr	(0040,A023)	X	-	Findings Group Recording Date (Trial)
attr	(0040,A024)	X	-	Findings Group Recording Time (Trial)
attr	(0040,A027)	D	-	Verifying Organization
attr	(0040,A030)	D	-	Verification DateTime
attr	(0040,A032)	X/D	-	Observation DateTime
attr	(0040,A033)	X	-	Observation Start DateTime
attr	(0040,A073)	D	-	Verifying Observer Sequence
attr	(0040,A075)	D	-	Verifying Observer Name
attr	(0040,A078)	X	-	Author Observer Sequence
attr	(0040,A07A)	X	-	Participant Sequence
attr	(0040,A07C)	X	-	Custodial Organization Sequence
attr	(0040,A082)	Z	-	Participation DateTime
attr	(0040,A088)	Z	-	Verifying Observer Identification Code Sequence
attr	(0040,A110)	X	-	Date of Document or Verbal Transaction (Trial)
attr	(0040,A112)	X	-	Time of Document Creation or Verbal Transaction (Trial)
attr	(0040,A120)	D	-	DateTime
attr	(0040,A121)	D	-	Date
attr	(0040,A122)	D	-	Time
attr	(0040,A123)	D	-	Person Name
attr	(0040,A124)	U	-	UID
attr	(0040,A13A)	D	-	Referenced DateTime
attr	(0040,A171)	U	-	Observation UID
attr	(0040,A172)	U	-	Referenced Observation UID (Trial)
attr	(0040,A192)	X	-	Observation Date (Trial)
attr	(0040,A193)	X	-	Observation Time (Trial)
attr	(0040,A307)	X	-	Current Observer (Trial)
attr	(0040,A352)	X	-	Verbal Source (Trial)
attr	(0040,A353)	X	-	Address (Trial)
attr	(0040,A354)	X	-	Telephone Number (Trial)
attr	(0040,A358)	X	-	Verbal Source Identifier Code Sequence (Trial)
attr	(0040,A402)	U	-	Observation Subject UID (Trial)
attr	(0040,A730)	D	-	Content Sequence
attr	(0040,DB06)	X	-	Template Version
attr	(0040,DB07)	X	-	Template Local Version
attr	(0040,DB0C)	U	-	Template Extension Organization UID
attr	(0040,DB0D)	U	-	Template Extension Creator UID
attr	(0040,E004)	X	-	HL7 Document Effective Time
attr	(0042,0011)	D	-	Encapsulated Document
attr	(0044,0004)	X	-	Approval Status DateTime
attr	(0044,000B)	X	-	Product Expiration DateTime
attr	(0044,0010)	X	-	Substance Administration DateTime
attr	(0044,0104)	D	-	Assertion DateTime
attr	(0044,0105)	X	-	Assertion Expiration DateTime
attr	(0050,001B)	X	-	Container Component ID
attr	(0050,0020)	X	clean-descriptors=C	Device Description
attr	(0050,0021)	X	clean-descriptors=C	Long Device Description
attr	(0062,0021)	U	-	Tracking UID
attr	(0064,0003)	U	-	Source Frame of Reference UID
attr	(0068,6226)	D	-	Effective DateTime
attr	(0068,6270)	D	-	Information Issue DateTime
attr	(006A,0003)	D	-	Annotation Group UID
attr	(006A,0005)	D	-	Annotation Group Label
attr	(006A,0006)	X	-	Annotation Group Description
attr	(0070,0001)	D	-	Graphic Annotation Sequence
attr	(0070,0082)	X	-	Presentation Creation Date
attr	(0070,0083)	X	-	Presentation Creation Time
attr	(0070,0084)	Z/D	-	Content Creator's Name
attr	(0070,0086)	X	-	Content Creator's Identification Code Sequence
attr	(0070,031A)	U	-	Fiducial UID
attr	(0070,1101)	U	-	Presentation Display Collection UID
attr	(0070,1102)	U	-	Presentation Sequence Collection UID
attr	(0072,000A)	D	-	Hanging Protocol Creation DateTime
attr	(0072,005E)	D	-	Selector AE Value
attr	(0072,005F)	D	-	Selector AS Value
attr	(0072,0061)	D	-	Selector DA Value
attr	(0072,0063)	D	-	Selector DT Value
attr	(0072,0065)	D	-	Selector OB Value
attr	(0072,0066)	D	-	Selector LO Value
attr	(0072,0068)	D	-	Selector LT Value
attr	(0072,006A)	D	-	Selector PN Value
attr	(0072,006B)	D	-	Selector TM Value
attr	(0072,006C)	D	-	Selector SH Value
attr	(0072,006D)	D	-	Selector UN Value
attr	(0072,006E)	D	-	Selector ST Value
attr	(0072,0070)	D	-	Selector UT Value
attr	(0072,0071)	D	-	Selector UR Value
attr	(0074,1234)	X	-	Receiving AE
attr	(0074,1236)	X	-	Requesting AE
attr	(0088,0140)	U	-	Storage Media File-set UID
attr	(0088,0200)	X	-	Icon Image Sequence
attr	(0088,0904)	X	-	Topic Title
attr	(0088,0906)	X	-	Topic Subject
attr	(0088,0910)	X	-	Topic Author
attr	(0088,0912)	X	-	Topic Keywords
attr	(0100,0420)	X	-	SOP Authorization DateTime
attr	(0400,0100)	U	-	Digital Signature UID
attr	(0400,0105)	D	-	Digital Signature DateTime
attr	(0400,0115)	D	-	Certificate of Signer
attr	(0400,0310)	X	-	Certified Timestamp
attr	(0400,0402)	X	-	Referenced Digital Signature Sequence
attr	(0400,0403)	X	-	Referenced SOP Instance MAC Sequence
attr	(0400,0404)	X	-	MAC
attr	(0400,0550)	X	-	Modified Attributes Sequence
attr	(0400,0551)	X	-	Nonconforming Modified Attributes Sequence
attr	(0400,0552)	X	-	Nonconforming Data Element Value
attr	(0400,0561)	X	-	Original Attributes Sequence
attr	(0400,0562)	D	-	Attribute Modification DateTime
attr	(0400,0563)	D	-	Modifying System
attr	(0400,0564)	Z	-	Source of Previous Values
attr	(0400,0565)	D	-	Reason for the Attribute Modification
attr	(0400,0600)	X	-	Instance Origin Status
attr	(2030,0020)	X	-	Text String
attr	(2100,0040)	X	-	Creation Date
attr	(2100,0050)	X	-	Creation Time
attr	(2100,0070)	X	-	Originator
attr	(2100,0140)	D	-	Destination AE
attr	(2200,0002)	X/Z	-	Label Text
attr	(2200,0005)	X/Z	-	Barcode Value
attr	(3002,0121)	X	-	Position Acquisition Template Name
attr	(3002,0123)	X	-	Position Acquisition Template Description
attr	(3006,0002)	D	-	Structure Set Label
attr	(3006,0004)	X	-	Structure Set Name
attr	(3006,0006)	X	clean-descriptors=C	Structure Set Description
attr	(3006,0008)	Z	-	Structure Set Date
attr	(3006,0009)	Z	-	Structure Set Time
attr	(3006,0024)	U	-	Referenced Frame of Reference UID
attr	(3006,0026)	Z	-	ROI Name
attr	(3006,0028)	X	clean-descriptors=C	ROI Description
attr	(3006,0038)	X	clean-descriptors=C	ROI Generation Description
attr	(3006,0085)	X	-	ROI Observation Label
attr	(3006,0088)	X	-	ROI Observation Description
attr	(3006,00A6)	Z	-	ROI Interpreter
attr	(3006,00C2)	U	-	Related Frame of Reference UID
attr	(3008,0024)	D	-	Treatment Control Point Date
attr	(3008,0025)	D	-	Treatment Control Point Time
attr	(3008,0054)	X/D	-	First Treatment Date
attr	(3008,0056)	X/D	-	Most Recent Treatment Date
attr	(3008,0105)	X/Z	-	Source Serial Number
attr	(3008,0162)	D	-	Safe Position Exit Date
attr	(3008,0164)	D	-	Safe Position Exit Time
attr	(3008,0166)	D	-	Safe Position Return Date
attr	(3008,0168)	D	-	Safe Position Return Time
attr	(3008,0250)	X/D	-	Treatment Date
attr	(3008,0251)	X/D	-	Treatment Time
attr	(300A,0002)	D	-	RT Plan Label
attr	(300A,0003)	X	-	RT Plan Name
attr	(300A,0004)	X	clean-descriptors=C	RT Plan Description
attr	(300A,0006)	X/D	-	RT Plan Date
attr	(300A,0007)	X/D	-	RT Plan Time
attr	(300A,000B)	X	clean-descriptors=C	Treatment Sites
attr	(300A,000E)	X	clean-descriptors=C	Prescription Description
attr	(300A,0013)	U	-	Dose Reference UID
attr	(300A,0016)	X	clean-descriptors=C	Dose Reference Description
attr	(300A,0072)	X	clean-descriptors=C	Fraction Group Description
attr	(300A,0083)	U	-	Referenced Dose Reference UID
attr	(300A,00B2)	X/Z	-	Treatment Machine Name
attr	(300A,00C3)	X	clean-descriptors=C	Beam Description
attr	(300A,00DD)	X	clean-descriptors=C	Bolus Description
attr	(300A,0196)	X	clean-descriptors=C	Fixation Device Description
attr	(300A,01A6)	X	clean-descriptors=C	Shielding Device Description
attr	(300A,01B2)	X	clean-descriptors=C	Setup Technique Description
attr	(300A,0216)	X	-	Source Manufacturer
attr	(300A,022C)	D	-	Source Strength Reference Date
attr	(300A,022E)	D	-	Source Strength Reference Time
attr	(300A,02EB)	X	clean-descriptors=C	Compensator Description
attr	(300A,0608)	D	-	Treatment Position Group Label
attr	(300A,0609)	U	-	Treatment Position Group UID
attr	(300A,0611)	Z	-	RT Accessory Holder Slot ID
attr	(300A,0615)	Z	-	RT Accessory Device Slot ID
attr	(300A,0619)	D	-	Radiation Dose Identification Label
attr	(300A,0623)	D	-	Radiation Dose In-Vivo Measurement Label
attr	(300A,062A)	D	-	RT Tolerance Set Label
attr	(300A,0650)	U	-	Patient Setup UID
attr	(300A,0676)	X	-	Equipment Frame of Reference Description
attr	(300A,067C)	D	-	Radiation Generation Mode Label
attr	(300A,067D)	Z	-	Radiation Generation Mode Description
attr	(300A,0700)	U	-	Treatment Session UID
attr	(300A,0734)	D	-	Treatment Tolerance Violation Description
attr	(300A,0736)	D	-	Treatment Tolerance Violation DateTime
attr	(300A,073A)	D	-	Recorded RT Control Point DateTime
attr	(300A,0741)	D	-	Interlock DateTime
attr	(300A,0742)	D	-	Interlock Description
attr	(300A,0760)	D	-	Override DateTime
attr	(300A,0783)	D	-	Interlock Origin Description
attr	(300A,0785)	U	-	Referenced Treatment Position Group UID
attr	(300A,078E)	X	-	Patient Treatment Preparation Procedure Parameter Description
attr	(300A,0792)	X	-	Patient Treatment Preparation Method Description
attr	(300A,0794)	X	-	Patient Setup Photo Description
attr	(300A,079A)	X	-	Displacement Reference Label
attr	(300C,0113)	X	-	Reason for Omission Description
attr	(300C,0127)	D	-	Beam Hold Transition DateTime
attr	(300E,0004)	Z	-	Review Date
attr	(300E,0005)	Z	-	Review Time
attr	(300E,0008)	X/Z	-	Reviewer Name
attr	(3010,0006)	U	-	Conceptual Volume UID
attr	(3010,000B)	U	-	Referenced Conceptual Volume UID
attr	(3010,000F)	Z	-	Conceptual Volume Combination Description
attr	(3010,0013)	U	-	Constituent Conceptual Volume UID
attr	(3010,0015)	U	-	Source Conceptual Volume UID
attr	(3010,0017)	Z	-	Conceptual Volume Description
attr	(3010,001B)	Z	-	Device Alternate Identifier
attr	(3010,002D)	D	-	Device Label
attr	(3010,0031)	U	-	Referenced Fiducials UID
attr	(3010,0033)	D	-	User Content Label
attr	(3010,0034)	D	-	User Content Long Label
attr	(3010,0035)	D	-	Entity Label
attr	(3010,0036)	X	-	Entity Name
attr	(3010,0037)	X	-	Entity Description
attr	(3010,0038)	D	-	Entity Long Label
attr	(3010,003B)	U	-	RT Treatment Phase UID
attr	(3010,0043)	Z	-	Manufacturer's Device Identifier
attr	(3010,004C)	X/D	-	Intended Phase Start Date
attr	(3010,004D)	X/D	-	Intended Phase End Date
attr	(3010,0054)	D	-	RT Prescription Label
attr	(3010,0056)	X/D	-	RT Treatment Approach Label
attr	(3010,005A)	Z	-	RT Physician Intent Narrative
attr	(3010,005C)	Z	-	Reason for Superseding
attr	(3010,0061)	X	-	Prior Treatment Dose Description
attr	(3010,006E)	U	-	Dosimetric Objective UID
attr	(3010,006F)	U	-	Referenced Dosimetric Objective UID
attr	(3010,0077)	X/D	-	Treatment Site
attr	(3010,007A)	Z	-	Treatment Technique Notes
attr	(3010,007B)	Z	-	Prescription Notes
attr	(3010,007F)	Z	-	Fractionation Notes
attr	(3010,0081)	Z	-	Prescription Notes Sequence
attr	(3010,0085)	X	-	Intended Fraction Start Time
attr	(4000,0010)	X	-	Arbitrary
attr	(4000,4000)	X	-	Text Comments
attr	(4008,0040)	X	-	Results ID
attr	(4008,0042)	X	-	Results ID Issuer
attr	(4008,0100)	X	-	Interpretation Recorded Date
attr	(4008,0101)	X	-	Interpretation Recorded Time
attr	(4008,0102)	X	-	Interpretation Recorder
attr	(4008,0108)	X	-	Interpretation Transcription Date
attr	(4008,0109)	X	-	Interpretation Transcription Time
attr	(4008,010A)	X	-	Interpretation Transcriber
attr	(4008,010B)	X	-	Interpretation Text
attr	(4008,010C)	X	-	Interpretation Author
attr	(4008,0111)	X	-	Interpretation Approver Sequence
attr	(4008,0112)	X	-	Interpretation Approval Date
attr	(4008,0113)	X	-	Interpretation Approval Time
attr	(4008,0114)	X	-	Physician Approving Interpretation
attr	(4008,0115)	X	-	Interpretation Diagnosis Description
attr	(4008,0118)	X	-	Results Distribution List Sequence
attr	(4008,0119)	X	-	Distribution Name
attr	(4008,011A)	X	-	Distribution Address
attr	(4008,0200)	X	-	Interpretation ID
attr	(4008,0202)	X	-	Interpretation ID Issuer
attr	(4008,0300)	X	-	Impressions
attr	(4008,4000)	X	-	Results Comments
attr	(50xx,xxxx)	X	-	Curve Data
attr	(60xx,3000)	X	-	Overlay Data
attr	(60xx,4000)	X	-	Overlay Comments
attr	(FFFA,FFFA)	X	-	Digital Signatures Sequence
attr	(FFFC,FFFC)	X	-	Data Set Trailing Padding
# whose value is missing or unknown on one of these modalities (they often burn text into pixels), is
# quarantined in the PHI zone unless a mask below covers it. Projection radiographs (CR, DX, MG, IO) are
# listed too: their processing stations stamp laterality markers, technologist initials and sometimes the
# patient's name into the pixels, and an image that does not say it has none is not released silently.
# A site whose devices set Burned In Annotation, or whose stamps sit where a mask covers them, releases
# such images by adding masks below (or, knowingly, by removing a modality from this list).
burned-in-risk	US,SC,OT,XA,RF,ES,XC,GM,DOC,CR,DX,MG,IO
# Pixel masks: mask <modality> <columns>x<rows> <x,y,w,h;...> <why>. None by default; a site adds one
# per device whose burned-in text sits at known positions, e.g.
# mask	US	800x600	0,0,800,60	vendor banner with patient name and date
